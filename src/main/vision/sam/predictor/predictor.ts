// SAM at run time: the compiled encoder and decoder sessions, an image's embedding, batched decoding for automatic
// mask generation, and click-to-refine. Everything the graphs do not do (preprocessing, prompt framing, choosing a
// mask token, upsampling to the image) happens here.
import * as ort from 'onnxruntime-node';
import { type DecoderForCrop, type DecoderOutput, type SamDecode } from '../amg/decoder';
import { type AmgResult, type AmgRunOptions, generateMasks } from '../amg/generate';
import type { AmgParams } from '../amg/params';
import { SAM_FRAME, SAM_LOW_RES, type Size } from '../amg/frame';
import { frameSampling, Scratch, upsampleWindow } from '../amg/sampling';
import type { CropBox } from '../amg/crops';
import type { RgbImage } from '../../methods/shared/image';
import { createSession, type LoadedSession } from '../../runtime/create-session';
import type { SessionConfig } from '../../runtime/session-config';
import { preprocessImage } from '../model/preprocess';
import { encodePrompt, type RefinePrompt, wantsMultimask } from './prompt';

export interface SamEmbedding {
  /** [1, C, g, g] */
  data: Float32Array;
  dims: number[];
  /** Size of the encoded image (or crop). */
  image: Size;
}

export interface RefineResult {
  width: number;
  height: number;
  /** width × height, row-major, 1 inside the mask. */
  mask: Uint8Array;
  area: number;
  /** The chosen mask's 256×256 logits: pass as maskInput to the next refinement. */
  lowResLogits: Float32Array;
  iouPrediction: number;
  /** The mask token used, 0 (single mask) or 1–3 (multimask). */
  token: number;
}

export interface SamPredictorPaths {
  encoderPath: string;
  decoderPath: string;
  session?: SessionConfig;
}

const LOW_RES_CELLS = SAM_LOW_RES * SAM_LOW_RES;

export class SamPredictor {
  private readonly zeroMask = new ort.Tensor('float32', new Float32Array(LOW_RES_CELLS), [
    1,
    1,
    SAM_LOW_RES,
    SAM_LOW_RES,
  ]);
  private readonly noMask = new ort.Tensor('float32', new Float32Array([0]), [1]);
  private readonly hasMask = new ort.Tensor('float32', new Float32Array([1]), [1]);

  private constructor(
    readonly encoder: LoadedSession,
    readonly decoder: LoadedSession,
  ) {}

  static async load(paths: SamPredictorPaths): Promise<SamPredictor> {
    const encoder = await createSession(paths.encoderPath, paths.session);
    try {
      const decoder = await createSession(paths.decoderPath, paths.session);
      return new SamPredictor(encoder, decoder);
    } catch (err) {
      await encoder.session.release();
      throw err;
    }
  }

  async release(): Promise<void> {
    await this.encoder.session.release();
    await this.decoder.session.release();
  }

  /** The image embedding of an RGB image (preprocessed to the 1024 frame). */
  async encode(image: RgbImage): Promise<SamEmbedding> {
    const input = preprocessImage(image, SAM_FRAME);
    const pixels = new ort.Tensor('float32', input.pixels, [1, 3, SAM_FRAME, SAM_FRAME]);
    const out = (await this.encoder.session.run({ pixel_values: pixels })).image_embeddings;
    return { data: out.data as Float32Array, dims: [...out.dims], image: { width: image.width, height: image.height } };
  }

  /**
   * Raw decoder call: coords [N, P, 2] in the frame, labels [N, P], optional maskInput [N, 256, 256].
   * Returns low_res_masks [N, 4, 256, 256] and iou_predictions [N, 4].
   */
  async decode(
    embedding: SamEmbedding,
    coords: Float32Array,
    labels: Float32Array,
    n: number,
    maskInput?: Float32Array,
  ): Promise<{ masks: Float32Array; iou: Float32Array }> {
    const p = labels.length / n;
    if (!Number.isInteger(p) || coords.length !== n * p * 2) {
      throw new Error(`SAM decode: ${coords.length / 2} points and ${labels.length} labels do not make ${n} prompts`);
    }
    if (maskInput && maskInput.length !== n * LOW_RES_CELLS) {
      throw new Error(`SAM decode: mask input has ${maskInput.length} values, expected ${n}×256×256`);
    }
    const out = await this.decoder.session.run({
      image_embeddings: new ort.Tensor('float32', embedding.data, embedding.dims),
      point_coords: new ort.Tensor('float32', coords, [n, p, 2]),
      point_labels: new ort.Tensor('float32', labels, [n, p]),
      // Without a mask input the decoder reads only its first row, so one zero row serves any batch.
      mask_input: maskInput ? new ort.Tensor('float32', maskInput, [n, 1, SAM_LOW_RES, SAM_LOW_RES]) : this.zeroMask,
      has_mask_input: maskInput ? this.hasMask : this.noMask,
    });
    const masks = out.low_res_masks;
    if (masks.dims[2] !== SAM_LOW_RES || masks.dims[3] !== SAM_LOW_RES) {
      throw new Error(`SAM decode: the decoder gives ${masks.dims.join('×')} masks; the 1024 frame needs 256×256`);
    }
    return { masks: masks.data as Float32Array, iou: out.iou_predictions.data as Float32Array };
  }

  /** Single-point prompts of automatic mask generation → the three multimask outputs (tokens 1–3). */
  decoderFor(embedding: SamEmbedding): SamDecode {
    return async (pointCoords, pointLabels): Promise<DecoderOutput> => {
      const n = pointLabels.length;
      const coords = new Float32Array(n * 4);
      const labels = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        coords[i * 4] = pointCoords[i * 2];
        coords[i * 4 + 1] = pointCoords[i * 2 + 1];
        labels[i * 2] = pointLabels[i];
        labels[i * 2 + 1] = -1;
      }
      const { masks, iou } = await this.decode(embedding, coords, labels, n);
      const lowResLogits = new Float32Array(n * 3 * LOW_RES_CELLS);
      const iouPredictions = new Float32Array(n * 3);
      for (let i = 0; i < n; i++) {
        lowResLogits.set(
          masks.subarray((i * 4 + 1) * LOW_RES_CELLS, (i * 4 + 4) * LOW_RES_CELLS),
          i * 3 * LOW_RES_CELLS,
        );
        iouPredictions.set(iou.subarray(i * 4 + 1, i * 4 + 4), i * 3);
      }
      return { lowResLogits, iouPredictions };
    };
  }

  /**
   * Automatic mask generation on an image. `embedding` (of the whole image) is reused when given; crops of crop
   * layers are encoded as they come.
   */
  async proposals(
    image: RgbImage,
    params: AmgParams,
    options: AmgRunOptions & { embedding?: SamEmbedding } = {},
  ): Promise<AmgResult> {
    const decoderFor: DecoderForCrop = async (crop: CropBox) => {
      if (crop.layer === 0) return this.decoderFor(options.embedding ?? (await this.encode(image)));
      return this.decoderFor(await this.encode(cropImage(image, crop)));
    };
    return generateMasks({ width: image.width, height: image.height }, decoderFor, params, options);
  }

  /** Click-to-refine: points, a box and the previous logits → one mask at image resolution. */
  async refine(embedding: SamEmbedding, prompt: RefinePrompt): Promise<RefineResult> {
    const { coords, labels } = encodePrompt(prompt, embedding.image);
    const { masks, iou } = await this.decode(embedding, coords, labels, 1, prompt.maskInput);
    let token = 0;
    if (wantsMultimask(prompt)) {
      token = 1;
      for (let t = 2; t < 4; t++) if (iou[t] > iou[token]) token = t;
    }
    const lowResLogits = masks.slice(token * LOW_RES_CELLS, (token + 1) * LOW_RES_CELLS);
    const { width, height } = embedding.image;
    const logits = upsampleWindow(
      { data: lowResLogits, offset: 0, stride: SAM_LOW_RES, row0: 0, col0: 0 },
      frameSampling(embedding.image),
      0,
      0,
      width,
      height,
      new Scratch(),
    );
    const mask = new Uint8Array(width * height);
    let area = 0;
    for (let i = 0; i < mask.length; i++) {
      if (logits[i] > 0) {
        mask[i] = 1;
        area++;
      }
    }
    return { width, height, mask, area, lowResLogits, iouPrediction: iou[token], token };
  }
}

/** The pixels of a crop box [x0, y0, x1, y1). */
export function cropImage(image: RgbImage, crop: CropBox): RgbImage {
  const [x0, y0, x1, y1] = crop.box;
  const width = x1 - x0;
  const height = y1 - y0;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const src = ((y0 + y) * image.width + x0) * 3;
    data.set(image.data.subarray(src, src + width * 3), y * width * 3);
  }
  return { width, height, data };
}
