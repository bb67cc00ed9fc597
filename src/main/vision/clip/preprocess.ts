// CLIP's input normalisation (METHODS.md §0.1): RGB pixel values scaled to [0, 1], then (x − mean) / std per
// channel, laid out as [3, H, W].
export const CLIP_MEAN: readonly [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_STD: readonly [number, number, number] = [0.26862954, 0.26130258, 0.27577711];
