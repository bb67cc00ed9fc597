// A models root laid out as the models manager installs it (<root>/<catalog id>/<files>), holding the tiny
// random-weight CLIP and SAM of the prediction fixture under the catalog's ViT-B ids, so the app's model choice
// finds them.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PredictFixture } from './fixture';

export async function installTinyModels(root: string, fx: PredictFixture): Promise<void> {
  const clip = join(root, 'clip-vit-base-patch16');
  const sam = join(root, 'sam-vit-base');
  await mkdir(clip, { recursive: true });
  await mkdir(sam, { recursive: true });
  for (const f of ['model.safetensors', 'config.json', 'vocab.json', 'merges.txt']) {
    await copyFile(join(fx.clipDir, f), join(clip, f));
  }
  for (const f of ['model.safetensors', 'config.json']) await copyFile(join(fx.samDir, f), join(sam, f));
  // The catalog lists it; RefLabel takes the pixel statistics from its own SAM preprocessing, as transformers does.
  await writeFile(
    join(sam, 'preprocessor_config.json'),
    JSON.stringify({
      do_normalize: true,
      image_mean: [0.485, 0.456, 0.406],
      image_std: [0.229, 0.224, 0.225],
      longest_edge: 1024,
    }),
  );
}
