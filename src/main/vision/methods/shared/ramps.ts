// HybridGL's positional cue (METHODS.md §2.4): a ramp over the image that favours the side the expression names,
// built like the authors' gen_dir_mask from torch.linspace.

/** Where the expression puts the target; 'none' when it names no position. */
export type PositionalCue = 'none' | 'left' | 'right' | 'middle' | 'up' | 'down';

/** torch.linspace(start, end, n): n evenly spaced values including both ends; n = 1 gives [start]. */
export function linspace(start: number, end: number, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n === 1) {
    out[0] = start;
    return out;
  }
  const step = (end - start) / (n - 1);
  // torch fills the first half from start and the second from end, so both ends are exact.
  const half = Math.floor(n / 2);
  for (let i = 0; i < n; i++) out[i] = i < half ? start + step * i : end - step * (n - 1 - i);
  return out;
}

/**
 * The ramp for a cue, row-major width × height, or null for 'none'. left: 1 → 0 across the width; right: 0 → 1;
 * middle: linspace(0, 1, ⌊W/2⌋) then linspace(1, 0, W − ⌊W/2⌋); up: 1 → 0 down the height; down: 0 → 1.
 */
export function positionalRamp(cue: PositionalCue, width: number, height: number): Float32Array | null {
  if (cue === 'none') return null;
  const out = new Float32Array(width * height);
  if (cue === 'up' || cue === 'down') {
    const v = cue === 'up' ? linspace(1, 0, height) : linspace(0, 1, height);
    for (let y = 0; y < height; y++) out.fill(v[y], y * width, (y + 1) * width);
    return out;
  }
  let v: Float64Array;
  if (cue === 'left') v = linspace(1, 0, width);
  else if (cue === 'right') v = linspace(0, 1, width);
  else {
    const half = Math.floor(width / 2);
    v = new Float64Array(width);
    v.set(linspace(0, 1, half), 0);
    v.set(linspace(1, 0, width - half), half);
  }
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = v[x];
  return out;
}
