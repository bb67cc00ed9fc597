// Position embeddings for input sizes other than the checkpoint's: the patch-position grid resized bicubically as
// transformers' CLIPVisionEmbeddings.interpolate_pos_encoding does (torch.nn.functional.interpolate, mode
// 'bicubic', align_corners=False, output size given: Keys kernel a = -0.75, half-pixel centres, edge samples
// replicated). Computed once at compile time; the class position is kept as is.

const A = -0.75;

/** Keys cubic convolution weights for the 4 taps around a sample at fractional offset t ∈ [0, 1). */
function cubicWeights(t: number): [number, number, number, number] {
  const near = (x: number) => ((A + 2) * x - (A + 3)) * x * x + 1;
  const far = (x: number) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  return [far(t + 1), near(t), near(1 - t), far(2 - t)];
}

interface Taps {
  index: number[][];
  weight: number[][];
}

function axisTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const index: number[][] = [];
  const weight: number[][] = [];
  for (let o = 0; o < outSize; o++) {
    const src = scale * (o + 0.5) - 0.5;
    const base = Math.floor(src);
    weight.push(cubicWeights(src - base));
    index.push([-1, 0, 1, 2].map((d) => Math.min(Math.max(base + d, 0), inSize - 1)));
  }
  return { index, weight };
}

/**
 * `table` is the [1 + g·g, dim] position embedding (row-major, class position first); returns [1 + h·w, dim] for
 * an h×w patch grid.
 */
export function interpolatePositionEmbedding(table: Float32Array, dim: number, h: number, w: number): Float32Array {
  const positions = table.length / dim - 1;
  const g = Math.round(Math.sqrt(positions));
  if (g * g !== positions || !Number.isInteger(positions)) {
    throw new Error(`position embedding of ${table.length / dim} rows is not 1 + a square grid`);
  }
  const out = new Float32Array((1 + h * w) * dim);
  out.set(table.subarray(0, dim), 0);
  const ty = axisTaps(g, h);
  const tx = axisTaps(g, w);
  const acc = new Float64Array(dim);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      acc.fill(0);
      for (let i = 0; i < 4; i++) {
        for (let j = 0; j < 4; j++) {
          const weight = ty.weight[y][i] * tx.weight[x][j];
          if (weight === 0) continue;
          const row = 1 + ty.index[y][i] * g + tx.index[x][j];
          for (let c = 0; c < dim; c++) acc[c] += weight * table[row * dim + c];
        }
      }
      out.set(acc, (1 + y * w + x) * dim);
    }
  }
  return out;
}
