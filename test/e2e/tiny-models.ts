// Tiny random-weight CLIP and SAM models installed (by hand, as a user may) under a models root, so the app's
// predictions and click-to-refine run end to end in seconds. The CLIP keeps ViT-B/16's 12 vision blocks and patch
// size, since the methods' paper presets name blocks by index (GL-CLIP masks at block 8, CoPatch exits near 10);
// only its widths are small. The SAM is the 1024-frame test fixture.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeRandomClipCheckpoint } from '../../bench/random-checkpoints';
import { writeTinyVocabulary } from '../integration/predict/fixture';

export const TINY_CLIP_CONFIG = {
  model_type: 'clip',
  projection_dim: 16,
  text_config: {
    hidden_size: 24,
    intermediate_size: 48,
    num_attention_heads: 3,
    num_hidden_layers: 12,
    max_position_embeddings: 77,
    // writeTinyVocabulary's ids stay below this.
    vocab_size: 120,
    eos_token_id: 2,
    hidden_act: 'quick_gelu',
  },
  vision_config: {
    hidden_size: 32,
    intermediate_size: 64,
    num_attention_heads: 4,
    num_hidden_layers: 12,
    image_size: 224,
    patch_size: 16,
    hidden_act: 'quick_gelu',
  },
};

/** What SAM's processor would say for a 1024 frame; the app only needs the file to be there. */
const SAM_PREPROCESSOR = {
  do_normalize: true,
  do_pad: true,
  do_rescale: true,
  do_resize: true,
  image_mean: [0.485, 0.456, 0.406],
  image_std: [0.229, 0.224, 0.225],
  image_processor_type: 'SamImageProcessor',
  longest_edge: 1024,
  pad_size: { height: 1024, width: 1024 },
  rescale_factor: 1 / 255,
};

const SAM_FIXTURE = join(import.meta.dirname, '../fixtures/vision/sam/frame1024-w14');

/** Writes the models into `<root>/<catalog id>/`, where the app looks for its first CLIP and first SAM. */
export async function writeTinyModels(root: string): Promise<void> {
  const clip = join(root, 'clip-vit-base-patch16');
  const sam = join(root, 'sam-vit-base');
  await mkdir(clip, { recursive: true });
  await mkdir(sam, { recursive: true });
  await writeRandomClipCheckpoint(clip, TINY_CLIP_CONFIG);
  await writeTinyVocabulary(clip);
  for (const file of ['config.json', 'model.safetensors']) await copyFile(join(SAM_FIXTURE, file), join(sam, file));
  await writeFile(join(sam, 'preprocessor_config.json'), JSON.stringify(SAM_PREPROCESSOR));
}
