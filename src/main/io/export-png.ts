// One 8-bit PNG per annotation (0 background, 255 object) in a folder tree mirroring the images, plus masks.json
// saying which image, category and expressions each file belongs to.
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeRle } from '../masks';
import type { CocoExport } from './export-coco';
import type { ExportData } from './export-data';
import { writeFileAtomic } from './write-atomic';

export interface PngManifestEntry {
  file: string;
  image: string;
  image_id: number;
  annotation_id: number;
  category: string | null;
  status: string;
  expressions: string[];
}

export async function maskToPng(mask: ReturnType<typeof decodeRle>): Promise<Buffer> {
  const pixels = Buffer.allocUnsafe(mask.data.length);
  for (let i = 0; i < mask.data.length; i++) pixels[i] = mask.data[i] ? 255 : 0;
  return sharp(pixels, { raw: { width: mask.width, height: mask.height, channels: 1 } })
    .toColourspace('b-w')
    .png({ compressionLevel: 6 })
    .toBuffer();
}

export async function writePngMasks(out: string, data: ExportData, coco: CocoExport): Promise<PngManifestEntry[]> {
  const images = new Map(data.images.map((image) => [image.id, image]));
  const categories = new Map(data.categories.map((c) => [c.id, c.name]));
  const sentences = new Map<number, string[]>();
  const addSentence = (annotationId: number, text: string) =>
    sentences.set(annotationId, [...(sentences.get(annotationId) ?? []), text]);
  const annotationById = new Map(data.annotations.map((a) => [a.id, a]));
  const expressionById = new Map(data.expressions.map((e) => [e.id, e]));
  for (const e of data.expressions) {
    if (e.groundTruthId !== null && annotationById.has(e.groundTruthId)) addSentence(e.groundTruthId, e.text);
  }
  for (const a of data.annotations) {
    const e = a.expressionId === null ? undefined : expressionById.get(a.expressionId);
    if (e) addSentence(a.id, e.text);
  }

  const manifest: PngManifestEntry[] = [];
  for (const annotation of data.annotations) {
    const image = images.get(annotation.imageId)!;
    const id = coco.ids.annotations.get(annotation.id)!;
    const file = `${image.path.replace(/\.[^./]+$/, '')}/${id}.png`;
    await writeFileAtomic(join(out, file), await maskToPng(decodeRle(annotation.mask)));
    manifest.push({
      file,
      image: image.path,
      image_id: coco.ids.images.get(image.id)!,
      annotation_id: id,
      category: annotation.categoryId === null ? null : (categories.get(annotation.categoryId) ?? null),
      status: annotation.status,
      expressions: sentences.get(annotation.id) ?? [],
    });
  }
  await writeFileAtomic(join(out, 'masks.json'), JSON.stringify(manifest, null, 1));
  return manifest;
}
