// Element-wise ops with numpy broadcasting. A plain number operand becomes a scalar constant of the other
// operand's dtype, so `mul(x, 0.5)` reads as it would in PyTorch.
import { attr, type Tensor } from './graph';
import { isFloat, ONNX_DTYPE, type DType } from './dtype';
import { broadcastShapes, formatShape } from './shape';

export type Operand = Tensor | number;

function operands(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  if (typeof a === 'number' && typeof b === 'number') throw new Error(`${op}: at least one operand must be a tensor`);
  const ta = typeof a === 'number' ? (b as Tensor).graph.scalar((b as Tensor).dtype, a) : a;
  const tb = typeof b === 'number' ? ta.graph.scalar(ta.dtype, b) : b;
  if (ta.dtype !== tb.dtype) ta.graph.fail(`${op}: dtypes differ (${ta.dtype} vs ${tb.dtype})`);
  return [ta, tb];
}

function broadcastOp(op: string, a: Operand, b: Operand, outDtype?: DType): Tensor {
  const [ta, tb] = operands(op, a, b);
  const shape = broadcastShapes(ta.shape, tb.shape);
  if (!shape)
    return ta.graph.fail(`${op}: shapes ${formatShape(ta.shape)} and ${formatShape(tb.shape)} do not broadcast`);
  return ta.graph.node(op, [ta, tb], [{ dtype: outDtype ?? ta.dtype, shape }])[0];
}

export const add = (a: Operand, b: Operand): Tensor => broadcastOp('Add', a, b);
export const sub = (a: Operand, b: Operand): Tensor => broadcastOp('Sub', a, b);
export const mul = (a: Operand, b: Operand): Tensor => broadcastOp('Mul', a, b);
export const div = (a: Operand, b: Operand): Tensor => broadcastOp('Div', a, b);
export const pow = (a: Operand, b: Operand): Tensor => broadcastOp('Pow', a, b);
export const maximum = (a: Operand, b: Operand): Tensor => broadcastOp('Max', a, b);
export const minimum = (a: Operand, b: Operand): Tensor => broadcastOp('Min', a, b);
export const equal = (a: Operand, b: Operand): Tensor => broadcastOp('Equal', a, b, 'bool');
export const less = (a: Operand, b: Operand): Tensor => broadcastOp('Less', a, b, 'bool');
export const greater = (a: Operand, b: Operand): Tensor => broadcastOp('Greater', a, b, 'bool');

export function and(a: Tensor, b: Tensor): Tensor {
  if (a.dtype !== 'bool' || b.dtype !== 'bool') a.graph.fail(`And: operands must be bool (${a.dtype}, ${b.dtype})`);
  return broadcastOp('And', a, b);
}

function unary(op: string, x: Tensor, floatOnly = true): Tensor {
  if (floatOnly && !isFloat(x.dtype)) x.graph.fail(`${op}: needs a floating-point input, got ${x.dtype}`);
  return x.graph.node(op, [x], [{ dtype: x.dtype, shape: x.shape }])[0];
}

export const neg = (x: Tensor): Tensor => unary('Neg', x, false);
export const sqrt = (x: Tensor): Tensor => unary('Sqrt', x);
export const exp = (x: Tensor): Tensor => unary('Exp', x);
export const erf = (x: Tensor): Tensor => unary('Erf', x);
export const tanh = (x: Tensor): Tensor => unary('Tanh', x);
export const sigmoid = (x: Tensor): Tensor => unary('Sigmoid', x);
export const abs = (x: Tensor): Tensor => unary('Abs', x, false);
export const reciprocal = (x: Tensor): Tensor => unary('Reciprocal', x);
export const relu = (x: Tensor): Tensor => unary('Relu', x);

export function not(x: Tensor): Tensor {
  if (x.dtype !== 'bool') x.graph.fail(`Not: operand must be bool, got ${x.dtype}`);
  return x.graph.node('Not', [x], [{ dtype: 'bool', shape: x.shape }])[0];
}

/** cond ? a : b, broadcasting all three. */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  const g = cond.graph;
  if (cond.dtype !== 'bool') g.fail(`Where: condition must be bool, got ${cond.dtype}`);
  const [ta, tb] = operands('Where', a, b);
  const ab = broadcastShapes(ta.shape, tb.shape);
  const shape = ab && broadcastShapes(cond.shape, ab);
  if (!shape) {
    return g.fail(
      `Where: shapes ${formatShape(cond.shape)}, ${formatShape(ta.shape)} and ${formatShape(tb.shape)} do not broadcast`,
    );
  }
  return g.node('Where', [cond, ta, tb], [{ dtype: ta.dtype, shape }])[0];
}

export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return x.graph.node('Cast', [x], [{ dtype, shape: x.shape }], { to: attr.int(ONNX_DTYPE[dtype]) })[0];
}
