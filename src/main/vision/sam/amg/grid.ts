// The point prompts of automatic mask generation: an evenly spaced grid in [0,1]², one grid per crop layer.
// Points are flat (x, y) pairs in row-major grid order (x varies fastest), as segment-anything's build_point_grid.

function checkPositiveInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${what} must be a positive integer, got ${value}`);
}

/** n×n points at the centres of an n×n tiling of the unit square: 1/(2n), 3/(2n), …, 1 − 1/(2n). */
export function buildPointGrid(nPerSide: number): Float64Array {
  checkPositiveInteger(nPerSide, 'points per side');
  const offset = 1 / (2 * nPerSide);
  const side = new Float64Array(nPerSide);
  // numpy.linspace's formula (start + i·step, the last point set exactly), so coordinates match bit for bit.
  const step = nPerSide > 1 ? (1 - offset - offset) / (nPerSide - 1) : 0;
  for (let i = 0; i < nPerSide; i++) side[i] = offset + i * step;
  if (nPerSide > 1) side[nPerSide - 1] = 1 - offset;
  const points = new Float64Array(nPerSide * nPerSide * 2);
  for (let y = 0; y < nPerSide; y++) {
    for (let x = 0; x < nPerSide; x++) {
      const i = (y * nPerSide + x) * 2;
      points[i] = side[x];
      points[i + 1] = side[y];
    }
  }
  return points;
}

/** One grid per crop layer 0..nLayers; layer i has trunc(nPerSide / scalePerLayer^i) points per side. */
export function buildAllLayerPointGrids(nPerSide: number, nLayers: number, scalePerLayer: number): Float64Array[] {
  const grids: Float64Array[] = [];
  for (let i = 0; i <= nLayers; i++) {
    const n = Math.trunc(nPerSide / scalePerLayer ** i);
    if (n < 1) {
      throw new Error(`crop layer ${i} would have ${nPerSide} / ${scalePerLayer}^${i} < 1 points per side`);
    }
    grids.push(buildPointGrid(n));
  }
  return grids;
}
