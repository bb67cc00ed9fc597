// GL-CLIP's and SAM-CLIP's hyperparameters (METHODS.md §4) with the paper's dataset presets.

export interface GlClipParams {
  /** α: v_k = α·f_global + (1 − α)·f_local; 0 is SAM-CLIP (local only). */
  alpha: number;
  /** Weight of the whole expression in the text feature: t = w·CLIP(T) + (1 − w)·CLIP(root noun phrase). */
  textWeight: number;
  /** Block from which the global stream's patch tokens are multiplied by the mask (read by the CLIP graph). */
  maskingBlock: number;
  /** CLIP's logit scale (exp(logit_scale) = 100 for OpenAI's checkpoints). */
  logitScale: number;
}

const COMMON = { textWeight: 0.5, maskingBlock: 9, logitScale: 100 } as const;

/** α = 0.95 on RefCOCO/RefCOCO+, 0.85 on RefCOCOg (the authors' code); SAM-CLIP is the local feature alone. */
export const GLCLIP_PRESETS = {
  refcoco: { ...COMMON, alpha: 0.95 },
  'refcoco+': { ...COMMON, alpha: 0.95 },
  refcocog: { ...COMMON, alpha: 0.85 },
} as const satisfies Record<string, GlClipParams>;

export const SAMCLIP_PRESET: Readonly<GlClipParams> = { ...COMMON, alpha: 0 };

export function checkGlClipParams(p: GlClipParams): void {
  const bad = (name: string, v: unknown): never => {
    throw new Error(`GL-CLIP parameter ${name} is out of range: ${JSON.stringify(v)}`);
  };
  if (!(p.alpha >= 0 && p.alpha <= 1)) bad('alpha', p.alpha);
  if (!(p.textWeight >= 0 && p.textWeight <= 1)) bad('textWeight', p.textWeight);
  if (!Number.isInteger(p.maskingBlock) || p.maskingBlock < 0) bad('maskingBlock', p.maskingBlock);
  if (!(p.logitScale > 0)) bad('logitScale', p.logitScale);
}
