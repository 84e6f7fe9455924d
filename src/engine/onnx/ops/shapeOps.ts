import * as tf from '@tensorflow/tfjs-core';
import { broadcastMap, constOf, fromTensorProto, isFloatType, scalarValue, size, type ConstTensor } from '../constTensor';
import { allConst, constInput, input, shapeOf, where } from './common';
import { fold } from './fold';
import type { OpBuilder, OpContext, OpResult } from './types';

// The shape arithmetic exporters emit (Shape → Gather → Unsqueeze → Concat → Resize, …),
// folded to constants at load time: every shape is known once the input size is.

function constant(ctx: OpContext): OpResult {
  const t = ctx.attr.tensor('value');
  if (t) return { kind: 'const', outputs: [fromTensorProto(t, `${where(ctx)}: value`)] };
  if (ctx.attr.has('value_float')) return { kind: 'const', outputs: [constOf([], [ctx.attr.float('value_float', 0)], 'float32')] };
  if (ctx.attr.has('value_floats')) {
    const v = ctx.attr.floats('value_floats', []);
    return { kind: 'const', outputs: [constOf([v.length], v, 'float32')] };
  }
  if (ctx.attr.has('value_int')) return { kind: 'const', outputs: [constOf([], [ctx.attr.int('value_int', 0)], 'int32')] };
  if (ctx.attr.has('value_ints')) {
    const v = ctx.attr.ints('value_ints', []);
    return { kind: 'const', outputs: [constOf([v.length], v, 'int32')] };
  }
  throw new Error(`${where(ctx)}: no value attribute this explorer can read`);
}

function shape(ctx: OpContext): OpResult {
  const dims = shapeOf(ctx, 0);
  const rank = dims.length;
  const clamp = (v: number) => Math.min(rank, Math.max(0, v < 0 ? v + rank : v));
  const start = clamp(ctx.attr.int('start', 0));
  const end = clamp(ctx.attr.int('end', rank));
  const picked = dims.slice(start, end);
  return { kind: 'const', outputs: [constOf([picked.length], picked, 'int32')] };
}

function gather(ctx: OpContext): OpResult {
  const data = constInput(ctx, 0, 'data');
  const indices = constInput(ctx, 1, 'indices');
  const rank = data.dims.length;
  const axis = ctx.attr.int('axis', 0) < 0 ? ctx.attr.int('axis', 0) + rank : ctx.attr.int('axis', 0);
  const n = data.dims[axis];
  const outer = size(data.dims.slice(0, axis));
  const inner = size(data.dims.slice(axis + 1));
  const values: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const raw of indices.data) {
      const i = raw < 0 ? raw + n : raw;
      if (i < 0 || i >= n) throw new Error(`${where(ctx)}: index ${raw} is out of range for ${n}`);
      for (let k = 0; k < inner; k++) values.push(data.data[(o * n + i) * inner + k]);
    }
  }
  const dims = [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)];
  return { kind: 'const', outputs: [constOf(dims, values, data.dtype)] };
}

function cast(ctx: OpContext): OpResult {
  const to = ctx.attr.int('to', 1);
  const v = input(ctx, 0);
  if (v.kind === 'dyn') {
    if (isFloatType(to)) return { kind: 'alias', input: 0 };
    throw new Error(`${where(ctx)}: casting a computed tensor to a non-float type is not supported`);
  }
  const dtype = isFloatType(to) ? 'float32' : 'int32';
  const bool = to === 9;
  return { kind: 'const', outputs: [constOf(v.value.dims, Array.from(v.value.data, (x) => (bool ? (x !== 0 ? 1 : 0) : x)), dtype)] };
}

function constantOfShape(ctx: OpContext): OpResult {
  const dims = Array.from(constInput(ctx, 0, 'shape').data);
  const t = ctx.attr.tensor('value');
  const fill: ConstTensor = t ? fromTensorProto(t, `${where(ctx)}: value`) : constOf([1], [0], 'float32');
  return { kind: 'const', outputs: [constOf(dims, new Array<number>(size(dims)).fill(fill.data[0]), fill.dtype)] };
}

function range(ctx: OpContext): OpResult {
  const [start, limit, delta] = [0, 1, 2].map((i) => constInput(ctx, i, ['start', 'limit', 'delta'][i]));
  const s = scalarValue(start);
  const d = scalarValue(delta);
  const n = Math.max(Math.ceil((scalarValue(limit) - s) / d), 0);
  return { kind: 'const', outputs: [constOf([n], Array.from({ length: n }, (_v, i) => s + i * d), start.dtype)] };
}

/** Element-wise ops that appear only in shape arithmetic: constants only. */
function constOnly(dtype: (inputs: ConstTensor[]) => ConstTensor['dtype'], f: (...v: number[]) => number): OpBuilder {
  return (ctx) => {
    if (!allConst(ctx)) throw new Error(`${where(ctx)}: only supported on constants (shape arithmetic)`);
    const inputs = ctx.inputs.map((_v, i) => constInput(ctx, i, 'input'));
    return { kind: 'const', outputs: [broadcastMap(inputs, dtype(inputs), f)] };
  };
}

const sameType = (inputs: ConstTensor[]) => (inputs.some((t) => t.dtype === 'float32') ? 'float32' : 'int32');
const boolean = () => 'int32' as const;

function expand(ctx: OpContext): OpResult {
  const data = constInput(ctx, 0, 'input');
  const target = Array.from(constInput(ctx, 1, 'shape').data);
  return { kind: 'const', outputs: [fold([data], ([x]) => tf.mul(x, tf.ones(target, x.dtype)))] };
}

export const SHAPE_OPS: Record<string, OpBuilder> = {
  Constant: constant,
  Shape: shape,
  Gather: gather,
  Cast: cast,
  ConstantOfShape: constantOfShape,
  Range: range,
  Expand: expand,
  Equal: constOnly(boolean, (a, b) => (a === b ? 1 : 0)),
  Less: constOnly(boolean, (a, b) => (a < b ? 1 : 0)),
  Greater: constOnly(boolean, (a, b) => (a > b ? 1 : 0)),
  Not: constOnly(boolean, (a) => (a ? 0 : 1)),
  Where: constOnly((inputs) => sameType(inputs.slice(1)), (c, a, b) => (c ? a : b)),
  Floor: constOnly(sameType, Math.floor),
  Ceil: constOnly(sameType, Math.ceil),
  Neg: constOnly(sameType, (a) => -a),
  Abs: constOnly(sameType, Math.abs),
  Sqrt: constOnly(() => 'float32', Math.sqrt),
  Min: constOnly(sameType, Math.min),
  Max: constOnly(sameType, Math.max),
};
