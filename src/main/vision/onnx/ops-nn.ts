// Neural-network ops: convolution, layer normalisation, resize and the GELU family, the last built from
// element-wise ops (onnxruntime fuses the erf form into its own Gelu kernel).
import { attr, type Tensor } from './graph';
import { add, div, erf, maximum, mul, pow, sigmoid, sqrt, tanh } from './ops-elementwise';
import { reduceSum } from './ops-reduce';
import { formatShape, sameDim, type Dim } from './shape';

export interface ConvOptions {
  strides?: readonly number[];
  /** [top, left, bottom, right] for 2-D */
  pads?: readonly number[];
  dilations?: readonly number[];
  group?: number;
}

/** N-D convolution, NCHW layout, weight [M, C/group, k…]. */
export function conv(x: Tensor, weight: Tensor, bias: Tensor | null, options: ConvOptions = {}): Tensor {
  const g = x.graph;
  const spatial = x.shape.length - 2;
  if (spatial < 1 || weight.shape.length !== x.shape.length) {
    return g.fail(`Conv: input ${formatShape(x.shape)} and weight ${formatShape(weight.shape)} ranks do not fit`);
  }
  const group = options.group ?? 1;
  const strides = options.strides ?? new Array(spatial).fill(1);
  const dilations = options.dilations ?? new Array(spatial).fill(1);
  const pads = options.pads ?? new Array(2 * spatial).fill(0);
  const channels = x.shape[1];
  const perGroup = weight.shape[1];
  if (typeof channels !== 'number' || typeof perGroup !== 'number' || channels !== perGroup * group) {
    return g.fail(
      `Conv: input ${formatShape(x.shape)} has ${channels} channels; weight ${formatShape(weight.shape)} with group ${group} needs ${Number(perGroup) * group}`,
    );
  }
  const out: Dim[] = [x.shape[0], weight.shape[0]];
  for (let i = 0; i < spatial; i++) {
    const size = x.shape[2 + i];
    const k = weight.shape[2 + i];
    if (typeof size !== 'number' || typeof k !== 'number') {
      return g.fail(`Conv: spatial dimensions must be static, got input ${formatShape(x.shape)}`);
    }
    const span = size + pads[i] + pads[i + spatial] - dilations[i] * (k - 1) - 1;
    if (span < 0)
      return g.fail(`Conv: kernel ${formatShape(weight.shape)} is larger than input ${formatShape(x.shape)}`);
    out.push(Math.floor(span / strides[i]) + 1);
  }
  if (bias && (bias.shape.length !== 1 || !sameDim(bias.shape[0], weight.shape[0]))) {
    return g.fail(`Conv: bias ${formatShape(bias.shape)} does not match ${weight.shape[0]} output channels`);
  }
  const kernel = weight.shape.slice(2) as number[];
  return g.node('Conv', bias ? [x, weight, bias] : [x, weight], [{ dtype: x.dtype, shape: out }], {
    kernel_shape: attr.ints(kernel),
    strides: attr.ints(strides),
    pads: attr.ints(pads),
    dilations: attr.ints(dilations),
    group: attr.int(group),
  })[0];
}

/** LayerNormalization over the last axis (opset 17). */
export function layerNorm(x: Tensor, scale: Tensor, bias: Tensor, epsilon: number): Tensor {
  const g = x.graph;
  const width = x.shape[x.shape.length - 1];
  for (const [what, t] of [
    ['scale', scale],
    ['bias', bias],
  ] as const) {
    if (t.shape.length !== 1 || !sameDim(t.shape[0], width)) {
      return g.fail(`LayerNormalization: ${what} ${formatShape(t.shape)} does not match input ${formatShape(x.shape)}`);
    }
  }
  return g.node('LayerNormalization', [x, scale, bias], [{ dtype: x.dtype, shape: x.shape }], {
    axis: attr.int(-1),
    epsilon: attr.float(epsilon),
  })[0];
}

export interface ResizeOptions {
  /** Output size of every axis. */
  sizes: readonly number[];
  mode: 'nearest' | 'linear' | 'cubic';
  coordinateTransformationMode?: 'half_pixel' | 'pytorch_half_pixel' | 'align_corners' | 'asymmetric';
  cubicCoeffA?: number;
  nearestMode?: 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil';
}

export function resize(x: Tensor, options: ResizeOptions): Tensor {
  const g = x.graph;
  if (options.sizes.length !== x.shape.length) {
    return g.fail(`Resize: sizes [${options.sizes.join(', ')}] do not match rank of ${formatShape(x.shape)}`);
  }
  const sizes = g.constant(
    'int64',
    [options.sizes.length],
    options.sizes.map((s) => BigInt(s)),
  );
  return g.node('Resize', [x, null, null, sizes], [{ dtype: x.dtype, shape: [...options.sizes] }], {
    mode: attr.string(options.mode),
    coordinate_transformation_mode: attr.string(options.coordinateTransformationMode ?? 'half_pixel'),
    cubic_coeff_a: attr.float(options.cubicCoeffA ?? -0.75),
    nearest_mode: attr.string(options.nearestMode ?? 'round_prefer_floor'),
  })[0];
}

/** Exact GELU: x·Φ(x) = 0.5·x·(1 + erf(x/√2)). */
export function gelu(x: Tensor): Tensor {
  return mul(mul(x, 0.5), add(erf(div(x, Math.SQRT2)), 1));
}

/** GELU with the tanh approximation (PyTorch approximate='tanh'). */
export function geluTanh(x: Tensor): Tensor {
  const inner = mul(add(x, mul(pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return mul(mul(x, 0.5), add(tanh(inner), 1));
}

/** CLIP's x·sigmoid(1.702·x). */
export function quickGelu(x: Tensor): Tensor {
  return mul(x, sigmoid(mul(x, 1.702)));
}

/** x / max(‖x‖₂, eps) along an axis, as torch.nn.functional.normalize. */
export function l2Normalize(x: Tensor, axis = -1, eps = 1e-12): Tensor {
  const norm = sqrt(reduceSum(mul(x, x), [axis], true));
  return div(x, maximum(norm, eps));
}
