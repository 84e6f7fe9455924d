import * as tf from '@tensorflow/tfjs-core';
import { constInput, require4D, where } from './common';
import { resize4D } from '../../upsample';
import type { OpBuilder, OpContext, OpResult } from './types';

// Resize and Upsample as two interpolation matrices (out = R_h · X · R_wᵀ per channel),
// built once from ONNX's coordinate rules: every nearest_mode and coordinate transformation
// is exact, and the gradient (the transposed matrices) is right on every backend.

type Mode = 'nearest' | 'linear';

interface AxisRule {
  mode: Mode;
  transform: string;
  nearest: string;
}

/** The input coordinate of output index o (ONNX Resize, coordinate_transformation_mode). */
function sourceCoordinate(o: number, inSize: number, outSize: number, scale: number, transform: string): number {
  switch (transform) {
    case 'half_pixel':
      return (o + 0.5) / scale - 0.5;
    case 'pytorch_half_pixel':
      return outSize > 1 ? (o + 0.5) / scale - 0.5 : 0;
    case 'align_corners':
      return outSize === 1 ? 0 : (o * (inSize - 1)) / (outSize - 1);
    case 'asymmetric':
      return o / scale;
    case 'tf_half_pixel_for_nn':
      return (o + 0.5) / scale;
    default:
      throw new Error(`coordinate_transformation_mode ${transform} is not supported`);
  }
}

function nearestIndex(x: number, mode: string): number {
  switch (mode) {
    case 'round_prefer_floor':
      return x === Math.floor(x) + 0.5 ? Math.floor(x) : Math.round(x);
    case 'round_prefer_ceil':
      return x === Math.floor(x) + 0.5 ? Math.ceil(x) : Math.round(x);
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    default:
      throw new Error(`nearest_mode ${mode} is not supported`);
  }
}

/** Row-major [outSize, inSize]. */
export function resizeMatrix(inSize: number, outSize: number, scale: number, rule: AxisRule): Float32Array {
  const m = new Float32Array(outSize * inSize);
  for (let o = 0; o < outSize; o++) {
    const x = sourceCoordinate(o, inSize, outSize, scale, rule.transform);
    if (rule.mode === 'nearest') {
      const i = Math.min(inSize - 1, Math.max(0, nearestIndex(x, rule.nearest)));
      m[o * inSize + i] = 1;
      continue;
    }
    const clamped = Math.min(inSize - 1, Math.max(0, x));
    const lo = Math.floor(clamped);
    const hi = Math.min(inSize - 1, lo + 1);
    const frac = clamped - lo;
    m[o * inSize + lo] += 1 - frac;
    m[o * inSize + hi] += frac;
  }
  return m;
}

/** x [1,h,w,c] → R_h · x · R_wᵀ per channel, with R_h [outH,h] and R_w [outW,w]. */
function applyMatrices(x: tf.Tensor4D, rows: tf.Tensor2D, cols: tf.Tensor2D, outH: number, outW: number): tf.Tensor4D {
  const [, h, w, c] = x.shape;
  const byRows = tf.matMul(rows, tf.reshape(x, [h, w * c])); // [outH, w·c]
  const colsFirst = tf.reshape(tf.transpose(tf.reshape(byRows, [outH, w, c]), [1, 0, 2]), [w, outH * c]);
  const both = tf.matMul(cols, colsFirst); // [outW, outH·c]
  return tf.reshape(tf.transpose(tf.reshape(both, [outW, outH, c]), [1, 0, 2]), [1, outH, outW, c]);
}

/** Whether an interpolation matrix [out, in] copies input ⌊o·in/out⌋ to output o, with out a multiple of in. */
function isReplication(matrix: Float32Array, inSize: number, outSize: number): boolean {
  if (outSize % inSize !== 0) return false;
  const factor = outSize / inSize;
  for (let o = 0; o < outSize; o++) {
    for (let i = 0; i < inSize; i++) if (matrix[o * inSize + i] !== (i === Math.floor(o / factor) ? 1 : 0)) return false;
  }
  return true;
}

function transposed(matrix: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(matrix.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c];
  return out;
}

function build(ctx: OpContext, scales: number[] | null, sizes: number[] | null, rule: AxisRule): OpResult {
  const [, , h, w] = require4D(ctx, 0);
  if (scales && (scales.length !== 4 || scales[0] !== 1 || scales[1] !== 1)) {
    throw new Error(`${where(ctx)}: scales [${scales.join(', ')}] must be [1, 1, sh, sw]`);
  }
  const outH = sizes ? sizes[2] : Math.floor(h * (scales as number[])[2]);
  const outW = sizes ? sizes[3] : Math.floor(w * (scales as number[])[3]);
  const scaleH = scales ? scales[2] : outH / h;
  const scaleW = scales ? scales[3] : outW / w;
  const rows = resizeMatrix(h, outH, scaleH, rule);
  const cols = resizeMatrix(w, outW, scaleW, rule);
  // Integer nearest upsampling (every output pixel copies input pixel ⌊o / factor⌋, as most
  // exporters' nearest modes give): the engine's own resize, which copies instead of multiplying
  // by mostly-zero matrices, and whose gradient is a sum pooling.
  if (isReplication(rows, h, outH) && isReplication(cols, w, outW)) {
    return { kind: 'run', run: ([x]) => resize4D(x as tf.Tensor4D, outH, outW, 'nearest') };
  }
  const m = {
    rows: ctx.own(tf.tensor2d(rows, [outH, h])),
    cols: ctx.own(tf.tensor2d(cols, [outW, w])),
    rowsT: ctx.own(tf.tensor2d(transposed(rows, outH, h), [h, outH])),
    colsT: ctx.own(tf.tensor2d(transposed(cols, outW, w), [w, outW])),
  };
  const resize = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: applyMatrices(args[0] as tf.Tensor4D, m.rows, m.cols, outH, outW),
    gradFunc: (dy: tf.Tensor) => applyMatrices(dy as tf.Tensor4D, m.rowsT, m.colsT, h, w),
  }));
  return { kind: 'run', run: ([x]) => resize(x as tf.Tensor4D) };
}

function modeOf(ctx: OpContext): Mode {
  const mode = ctx.attr.string('mode', 'nearest');
  if (mode === 'nearest') return 'nearest';
  if (mode === 'linear' || mode === 'bilinear') return 'linear';
  throw new Error(`${where(ctx)}: mode ${mode} is not supported (nearest and linear are)`);
}

function resize(ctx: OpContext): OpResult {
  ctx.attr.refuse('antialias', (v) => v === 0, 'antialiasing');
  ctx.attr.refuse('axes', () => false, 'give scales or sizes for all four axes');
  ctx.attr.refuse('keep_aspect_ratio_policy', (v) => v === 'stretch', 'only stretch');
  ctx.attr.refuse('exclude_outside', (v) => v === 0, 'only for cubic');
  const rule: AxisRule = {
    mode: modeOf(ctx),
    transform: ctx.attr.string('coordinate_transformation_mode', ctx.opset < 11 ? 'asymmetric' : 'half_pixel'),
    nearest: ctx.attr.string('nearest_mode', ctx.opset < 11 ? 'floor' : 'round_prefer_floor'),
  };
  const scalesIndex = ctx.opset < 11 ? 1 : 2;
  const scales = ctx.inputs[scalesIndex] ? Array.from(constInput(ctx, scalesIndex, 'scales').data) : [];
  const sizes = ctx.opset >= 11 && ctx.inputs[3] ? Array.from(constInput(ctx, 3, 'sizes').data) : [];
  if (scales.length === 0 && sizes.length === 0) throw new Error(`${where(ctx)}: neither scales nor sizes are given`);
  return build(ctx, scales.length > 0 ? scales : null, sizes.length > 0 ? sizes : null, rule);
}

function upsample(ctx: OpContext): OpResult {
  const scales = ctx.inputs[1] ? Array.from(constInput(ctx, 1, 'scales').data) : ctx.attr.floats('scales', []);
  return build(ctx, scales, null, { mode: modeOf(ctx), transform: 'asymmetric', nearest: 'floor' });
}

export const RESIZE_OPS: Record<string, OpBuilder> = { Resize: resize, Upsample: upsample };
