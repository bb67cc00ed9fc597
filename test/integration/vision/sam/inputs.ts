// The formula-generated inputs of test/tools/make_sam_fixtures.py (too large to commit), computed exactly as there.

/** pixel_values [1, 3, S, S]: ((37x + 101y + 53c + (x·y mod 97)) mod 211) / 105.5 − 1 */
export function patternPixels(size: number): Float32Array {
  const out = new Float32Array(3 * size * size);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        out[(c * size + y) * size + x] = ((37 * x + 101 * y + 53 * c + ((x * y) % 97)) % 211) / 105.5 - 1;
      }
    }
  }
  return out;
}

/** One mask_input plane [S, S]: ((3x + 7y) mod 23) / 2.3 − 5 */
export function patternMask(size: number): Float32Array {
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) out[y * size + x] = ((3 * x + 7 * y) % 23) / 2.3 - 5;
  return out;
}
