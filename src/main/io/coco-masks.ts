// Turns a COCO segmentation (polygons, uncompressed or compressed RLE) into the compressed RLE RefLabel stores.
import type { Rle } from '../../shared/domain';
import { compressRle, polygonsToRle, runsFromRle } from '../masks';
import type { CocoSegmentation } from './coco-schema';

export function segmentationToRle(segmentation: CocoSegmentation, height: number, width: number): Rle {
  if (Array.isArray(segmentation)) return polygonsToRle(segmentation, height, width);
  if (typeof segmentation.counts === 'string') {
    // Decoding validates the string and that its runs cover exactly height × width pixels.
    runsFromRle(segmentation as Rle);
    return { size: [segmentation.size[0], segmentation.size[1]], counts: segmentation.counts };
  }
  return compressRle({ size: segmentation.size, counts: segmentation.counts });
}
