// SAM automatic mask generation for the prediction service: the encoder and decoder graphs compiled beside the
// weights under a key of (weights hash, variant, builder version), as CLIP's are, then a predictor in this process.
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { compiledGraphPath } from '../../models/compiled-graphs';
import { sha256File } from '../../models/file-hash';
import type { RgbImage } from '../methods/shared/image';
import type { AmgResult } from '../sam/amg/generate';
import type { AmgParams } from '../sam/amg/params';
import { SAM_BUILDER_VERSION, SAM_WEIGHTS_FILE, type SamVariant, compileSam } from '../sam/model/compile';
import { SamPredictor } from '../sam/predictor/predictor';
import type { SessionConfig } from '../runtime/session-config';

export class SamProposals {
  private predictor: Promise<SamPredictor> | null = null;

  private constructor(
    readonly dir: string,
    /** The weights' SHA-256: names the model in proposal sets, so new weights get new proposals. */
    readonly weightsSha256: string,
    private readonly session: SessionConfig,
  ) {}

  static async load(dir: string, session: SessionConfig = {}): Promise<SamProposals> {
    return new SamProposals(dir, await sha256File(join(dir, SAM_WEIGHTS_FILE)), session);
  }

  /** The model name stored with proposal sets: 'sam:' and 16 hex digits of the weights' hash. */
  get modelName(): string {
    return `sam:${this.weightsSha256.slice(0, 16)}`;
  }

  async generate(image: RgbImage, params: AmgParams): Promise<AmgResult> {
    if (!this.predictor) {
      this.predictor = this.open();
      this.predictor.catch(() => (this.predictor = null));
    }
    return (await this.predictor).proposals(image, params);
  }

  async release(): Promise<void> {
    const predictor = this.predictor;
    this.predictor = null;
    if (predictor) await (await predictor).release();
  }

  private async open(): Promise<SamPredictor> {
    const [encoderPath, decoderPath] = [await this.graph('sam.encoder'), await this.graph('sam.decoder')];
    return SamPredictor.load({ encoderPath, decoderPath, session: this.session });
  }

  private async graph(variant: SamVariant): Promise<string> {
    const path = compiledGraphPath({
      family: 'sam',
      variant,
      builderVersion: SAM_BUILDER_VERSION,
      weights: [{ file: join(this.dir, SAM_WEIGHTS_FILE), sha256: this.weightsSha256 }],
    });
    if (!(await stat(path).catch(() => null))) await compileSam({ weightsDir: this.dir, variant, out: path });
    return path;
  }
}
