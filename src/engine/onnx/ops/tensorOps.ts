import * as tf from '@tensorflow/tfjs-core';
import { constOf, size, type ConstTensor } from '../constTensor';
import { constOperand, engineAxis, normaliseAxis, toEngineOrder, toOnnxOrder } from '../layout';
import { allConst, constInput, input, optionalConst, shapeOf, where } from './common';
import { fold, reshapeTarget, squeezeDims, unsqueezeDims } from './fold';
import type { OpBuilder, OpContext, OpResult } from './types';

// Concat, Pad, Slice and the shape-changing ops. On constants they fold; on computed 4-D
// tensors Concat, Pad and Slice remap their axes, the others go through ONNX order.

function concat(ctx: OpContext): OpResult {
  const rank = shapeOf(ctx, 0).length;
  const axis = normaliseAxis(ctx.attr.int('axis', 0), rank);
  const present = ctx.inputs.map((_v, i) => i).filter((i) => size(shapeOf(ctx, i)) > 0 || rank !== 1);
  if (allConst(ctx)) {
    return { kind: 'const', outputs: [fold(present.map((i) => constInput(ctx, i, 'input')), (ts) => tf.concat(ts, axis))] };
  }
  const consts = present.map((i) => {
    const v = input(ctx, i);
    return v.kind === 'const' ? ctx.own(constOperand({ ...v.value, dtype: 'float32', data: Float32Array.from(v.value.data) }, rank)) : null;
  });
  const engine = engineAxis(axis, rank);
  return { kind: 'run', run: (xs) => tf.concat(present.map((i, k) => consts[k] ?? (xs[i] as tf.Tensor)), engine) };
}

function padAmounts(ctx: OpContext, rank: number): { pads: number[]; value: number } {
  if (ctx.opset < 11) return { pads: ctx.attr.ints('pads', []), value: ctx.attr.float('value', 0) };
  if (ctx.inputs[3]) throw new Error(`${where(ctx)}: the axes input is not supported`);
  const pads = Array.from(constInput(ctx, 1, 'pads').data);
  const value = optionalConst(ctx, 2, 'constant_value');
  if (pads.length !== 2 * rank) throw new Error(`${where(ctx)}: pads [${pads.join(', ')}] do not fit rank ${rank}`);
  return { pads, value: value ? value.data[0] : 0 };
}

function edgePad(x: tf.Tensor, paddings: [number, number][]): tf.Tensor {
  let y = x;
  paddings.forEach(([before, after], axis) => {
    if (before === 0 && after === 0) return;
    const n = y.shape[axis];
    const edge = (at: number, times: number) => {
      const begin = y.shape.map((_d, i) => (i === axis ? at : 0));
      const extent = y.shape.map((d, i) => (i === axis ? 1 : d));
      const reps = y.shape.map((_d, i) => (i === axis ? times : 1));
      return tf.tile(tf.slice(y, begin, extent), reps);
    };
    const parts = [...(before > 0 ? [edge(0, before)] : []), y, ...(after > 0 ? [edge(n - 1, after)] : [])];
    y = tf.concat(parts, axis);
  });
  return y;
}

function pad(ctx: OpContext): OpResult {
  const shape = shapeOf(ctx, 0);
  const rank = shape.length;
  const { pads, value } = padAmounts(ctx, rank);
  if (pads.some((p) => p < 0)) throw new Error(`${where(ctx)}: negative pads are not supported`);
  const mode = ctx.attr.string('mode', 'constant');
  if (mode !== 'constant' && mode !== 'reflect' && mode !== 'edge') throw new Error(`${where(ctx)}: mode ${mode} is not supported`);
  const onnxPaddings: [number, number][] = shape.map((_d, i) => [pads[i], pads[i + rank]]);
  const apply = (x: tf.Tensor, paddings: [number, number][]) =>
    mode === 'constant' ? tf.pad(x, paddings, value) : mode === 'reflect' ? tf.mirrorPad(x, paddings, 'reflect') : edgePad(x, paddings);
  if (input(ctx, 0).kind === 'const') {
    return { kind: 'const', outputs: [fold([constInput(ctx, 0, 'data')], ([x]) => apply(x, onnxPaddings))] };
  }
  const paddings = rank === 4 ? [0, 2, 3, 1].map((a) => onnxPaddings[a]) : onnxPaddings;
  const spatialOnly = rank === 4 && onnxPaddings[0].every((p) => p === 0) && onnxPaddings[1].every((p) => p === 0);
  return { kind: 'run', run: ([x]) => apply(x as tf.Tensor, paddings), keepsResolution: spatialOnly };
}

interface SliceSpec {
  begin: number[];
  end: number[];
  steps: number[];
}

function sliceSpec(ctx: OpContext, dims: number[]): SliceSpec {
  const rank = dims.length;
  const starts = ctx.opset < 10 ? ctx.attr.ints('starts', []) : Array.from(constInput(ctx, 1, 'starts').data);
  const ends = ctx.opset < 10 ? ctx.attr.ints('ends', []) : Array.from(constInput(ctx, 2, 'ends').data);
  const axesConst = ctx.opset < 10 ? null : optionalConst(ctx, 3, 'axes');
  const axes = ctx.opset < 10 ? ctx.attr.ints('axes', starts.map((_s, i) => i)) : axesConst ? Array.from(axesConst.data) : starts.map((_s, i) => i);
  const stepsConst = ctx.opset < 10 ? null : optionalConst(ctx, 4, 'steps');
  const steps = stepsConst ? Array.from(stepsConst.data) : starts.map(() => 1);
  const spec: SliceSpec = { begin: dims.map(() => 0), end: [...dims], steps: dims.map(() => 1) };
  axes.forEach((a, k) => {
    const axis = normaliseAxis(a, rank);
    const n = dims[axis];
    const step = steps[k];
    if (step === 0) throw new Error(`${where(ctx)}: slice step 0`);
    // ONNX's clamping: [0, n] for positive steps, [-1, n-1] for negative ones.
    const clamp = (v: number) => {
      const i = v < 0 ? v + n : v;
      return step > 0 ? Math.min(n, Math.max(0, i)) : Math.min(n - 1, Math.max(-1, i));
    };
    spec.begin[axis] = clamp(starts[k]);
    spec.end[axis] = clamp(ends[k]);
    spec.steps[axis] = step;
  });
  return spec;
}

/** Slice of a constant, any steps (exporters reverse pad lists with step −1). */
function sliceConst(c: ConstTensor, s: SliceSpec): ConstTensor {
  const picks = c.dims.map((_n, a) => {
    const out: number[] = [];
    for (let i = s.begin[a]; s.steps[a] > 0 ? i < s.end[a] : i > s.end[a]; i += s.steps[a]) out.push(i);
    return out;
  });
  const strides = c.dims.map((_d, a) => size(c.dims.slice(a + 1)));
  const values: number[] = [];
  const walk = (axis: number, offset: number) => {
    if (axis === c.dims.length) {
      values.push(c.data[offset]);
      return;
    }
    for (const i of picks[axis]) walk(axis + 1, offset + i * strides[axis]);
  };
  walk(0, 0);
  return constOf(picks.map((p) => p.length), values, c.dtype);
}

function slice(ctx: OpContext): OpResult {
  const dims = shapeOf(ctx, 0);
  const spec = sliceSpec(ctx, dims);
  const data = input(ctx, 0);
  if (data.kind === 'const') return { kind: 'const', outputs: [sliceConst(data.value, spec)] };
  if (spec.steps.some((v) => v < 0)) throw new Error(`${where(ctx)}: negative slice steps on a computed tensor are not supported`);
  const order = dims.length === 4 ? [0, 2, 3, 1] : dims.map((_d, i) => i);
  const s: SliceSpec = { begin: order.map((a) => spec.begin[a]), end: order.map((a) => Math.max(spec.begin[a], spec.end[a])), steps: order.map((a) => spec.steps[a]) };
  const unit = s.steps.every((v) => v === 1);
  return {
    kind: 'run',
    run: ([x]) =>
      unit ? tf.slice(x as tf.Tensor, s.begin, s.end.map((e, i) => e - s.begin[i])) : tf.stridedSlice(x as tf.Tensor, s.begin, s.end, s.steps),
  };
}

/** An op that only moves data: folded on constants, run in ONNX order on computed tensors. */
function reshaping(outDims: (ctx: OpContext, dims: number[]) => number[], perm?: (ctx: OpContext, rank: number) => number[]): OpBuilder {
  return (ctx) => {
    const dims = shapeOf(ctx, 0);
    const target = outDims(ctx, dims);
    const p = perm?.(ctx, dims.length);
    const apply = (x: tf.Tensor) => (p ? tf.transpose(x, p) : tf.reshape(x, target));
    const v = input(ctx, 0);
    if (v.kind === 'const') {
      if (!p) return { kind: 'const', outputs: [{ ...v.value, dims: target }] };
      return { kind: 'const', outputs: [fold([v.value], ([x]) => apply(x))] };
    }
    return { kind: 'run', run: ([x]) => toEngineOrder(apply(toOnnxOrder(x as tf.Tensor))) };
  };
}

function axesOf(ctx: OpContext): number[] {
  if (ctx.opset >= 13) return ctx.inputs[1] ? Array.from(constInput(ctx, 1, 'axes').data) : [];
  return ctx.attr.ints('axes', []);
}

const transposePerm = (ctx: OpContext, rank: number) => ctx.attr.ints('perm', [...Array(rank).keys()].reverse());

export const TENSOR_OPS: Record<string, OpBuilder> = {
  Concat: concat,
  Pad: pad,
  Slice: slice,
  Reshape: reshaping((ctx, dims) =>
    reshapeTarget(dims, Array.from(constInput(ctx, 1, 'shape').data), ctx.attr.int('allowzero', 0) === 1),
  ),
  Flatten: reshaping((ctx, dims) => {
    const axis = normaliseAxis(ctx.attr.int('axis', 1), dims.length + 1);
    return [size(dims.slice(0, axis)), size(dims.slice(axis))];
  }),
  Transpose: reshaping(
    (ctx, dims) => transposePerm(ctx, dims.length).map((a) => dims[a]),
    transposePerm,
  ),
  Squeeze: reshaping((ctx, dims) => squeezeDims(dims, axesOf(ctx))),
  Unsqueeze: reshaping((ctx, dims) => unsqueezeDims(dims, axesOf(ctx))),
  Identity: () => ({ kind: 'alias', input: 0 }),
  Dropout: (ctx) => {
    if (ctx.node.output.filter((o) => o !== '').length > 1) throw new Error(`${where(ctx)}: the mask output is not supported`);
    return { kind: 'alias', input: 0 };
  },
};

