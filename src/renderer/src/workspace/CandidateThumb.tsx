// A candidate as a thumbnail: the whole image scaled down with the mask sampled at the thumbnail's own resolution
// straight from the RLE, so fifty candidates cost fifty small canvases, not fifty full-size decodes.
import { memo, useEffect, useRef } from 'react';
import { runsFromRle } from '../../../main/masks';
import type { Rle } from '../../../shared/domain';
import { canvasOf } from './overlays';
import { sampleRuns, paintMask, type Rgb } from './mask-raster';

export const THUMB_WIDTH = 88;
export const THUMB_HEIGHT = 66;

export const CandidateThumb = memo(function CandidateThumb({
  image,
  mask,
  color,
}: {
  image: HTMLImageElement | null;
  mask: Rle;
  color: Rgb;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const context = canvas.getContext('2d') as CanvasRenderingContext2D;
    context.clearRect(0, 0, THUMB_WIDTH, THUMB_HEIGHT);
    const [h, w] = mask.size;
    if (w === 0 || h === 0) return;
    const scale = Math.min(THUMB_WIDTH / w, THUMB_HEIGHT / h);
    const tw = Math.max(1, Math.round(w * scale));
    const th = Math.max(1, Math.round(h * scale));
    const x = Math.floor((THUMB_WIDTH - tw) / 2);
    const y = Math.floor((THUMB_HEIGHT - th) / 2);
    if (image) context.drawImage(image, x, y, tw, th);
    const [overlay, overlayContext] = canvasOf(tw, th);
    const pixels = overlayContext.createImageData(tw, th);
    paintMask(
      pixels.data,
      { width: tw, height: th, data: sampleRuns(runsFromRle(mask), tw, th) },
      {
        color,
        fillAlpha: 130,
        edgeAlpha: 255,
      },
    );
    overlayContext.putImageData(pixels, 0, 0);
    context.drawImage(overlay, x, y);
  }, [image, mask, color]);
  return <canvas ref={ref} width={THUMB_WIDTH} height={THUMB_HEIGHT} className="thumb-canvas" aria-hidden="true" />;
});
