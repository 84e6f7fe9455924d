import * as tf from '@tensorflow/tfjs-core';
import { engineAxis } from '../layout';
import { constInput, require4D, shapeOf, where } from './common';
import { outputLength, pairOf, spatialPads, type Window } from './padding';
import type { OpBuilder, OpContext, OpResult } from './types';

// Pooling and spatial means. Explicit pads and ceil_mode become padding before a 'valid'
// pool; average pools divide by a per-position count computed once (count_include_pad).

/** Below every activation: padding a max pool with it never wins a window. */
const MAX_POOL_PAD = -3.4e38;

interface PoolGeometry {
  window: Window;
  pads: [number, number, number, number];
  out: [number, number];
}

function poolGeometry(ctx: OpContext, h: number, w: number): PoolGeometry {
  const kernel = pairOf(ctx.attr.ints('kernel_shape', []), 1);
  const window: Window = {
    kernel,
    strides: pairOf(ctx.attr.ints('strides', []), 1),
    dilations: pairOf(ctx.attr.ints('dilations', []), 1),
  };
  if (window.dilations.some((d) => d !== 1)) throw new Error(`${where(ctx)}: dilated pooling is not supported`);
  const pads = spatialPads(ctx.attr.string('auto_pad', 'NOTSET'), ctx.attr.ints('pads', []), [h, w], window);
  const ceil = ctx.attr.int('ceil_mode', 0) === 1;
  const out: [number, number] = [
    outputLength(h, pads[0], pads[1], kernel[0], window.strides[0], 1, ceil),
    outputLength(w, pads[2], pads[3], kernel[1], window.strides[1], 1, ceil),
  ];
  // ceil_mode windows that run past the end pads: extend the bottom and right padding.
  pads[1] = Math.max(pads[1], (out[0] - 1) * window.strides[0] + kernel[0] - h - pads[0]);
  pads[3] = Math.max(pads[3], (out[1] - 1) * window.strides[1] + kernel[1] - w - pads[2]);
  return { window, pads, out };
}

function padded(x: tf.Tensor4D, pads: PoolGeometry['pads'], value: number): tf.Tensor4D {
  if (pads.every((p) => p === 0)) return x;
  return tf.pad(x, [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]], value);
}

function maxPool(ctx: OpContext): OpResult {
  const [, , h, w] = require4D(ctx, 0);
  if (ctx.node.output.filter((o) => o !== '').length > 1) throw new Error(`${where(ctx)}: the Indices output is not supported`);
  const { window, pads } = poolGeometry(ctx, h, w);
  return {
    kind: 'run',
    run: ([x]) => tf.maxPool(padded(x as tf.Tensor4D, pads, MAX_POOL_PAD), window.kernel, window.strides, 'valid'),
  };
}

/** How many elements each output of an average pool divides by (PyTorch's and ONNX's rule). */
function divisors(h: number, w: number, g: PoolGeometry, countPadding: boolean, explicit: [number, number, number, number]): Float32Array {
  const [oh, ow] = g.out;
  const [kh, kw] = g.window.kernel;
  const [sh, sw] = g.window.strides;
  const out = new Float32Array(oh * ow);
  const along = (o: number, s: number, k: number, before: number, after: number, n: number): number => {
    const start = o * s - before;
    const end = Math.min(start + k, n + after);
    return countPadding ? end - start : Math.min(end, n) - Math.max(start, 0);
  };
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      out[i * ow + j] = along(i, sh, kh, explicit[0], explicit[1], h) * along(j, sw, kw, explicit[2], explicit[3], w);
    }
  }
  return out;
}

function averagePool(ctx: OpContext): OpResult {
  const [, , h, w] = require4D(ctx, 0);
  const window = { kernel: pairOf(ctx.attr.ints('kernel_shape', []), 1), strides: pairOf(ctx.attr.ints('strides', []), 1), dilations: [1, 1] as [number, number] };
  const explicit = spatialPads(ctx.attr.string('auto_pad', 'NOTSET'), ctx.attr.ints('pads', []), [h, w], window);
  const g = poolGeometry(ctx, h, w);
  const countPadding = ctx.attr.int('count_include_pad', 0) === 1;
  const [kh, kw] = g.window.kernel;
  const divisor = divisors(h, w, g, countPadding, explicit);
  const uniform = divisor.every((d) => d === kh * kw);
  const scale = uniform ? null : ctx.own(tf.tensor4d(divisor.map((d) => (kh * kw) / d), [1, g.out[0], g.out[1], 1]));
  return {
    kind: 'run',
    run: ([x]) => {
      const pooled = tf.avgPool(padded(x as tf.Tensor4D, g.pads, 0), g.window.kernel, g.window.strides, 'valid');
      return scale ? tf.mul(pooled, scale) : pooled;
    },
  };
}

function reduceMean(ctx: OpContext): OpResult {
  const shape = shapeOf(ctx, 0);
  const rank = shape.length;
  const axesInput = ctx.opset >= 18 && ctx.inputs[1] ? Array.from(constInput(ctx, 1, 'axes').data) : null;
  const axes = axesInput ?? ctx.attr.ints('axes', shape.map((_d, i) => i));
  const keep = ctx.attr.int('keepdims', 1) === 1;
  const engineAxes = axes.map((a) => engineAxis(a, rank));
  if (rank === 4 && !keep) {
    const kept = [0, 1, 2, 3].filter((a) => !axes.map((x) => (x < 0 ? x + 4 : x)).includes(a));
    // NHWC's remaining axes are in ONNX order only when C is not kept together with H or W.
    if (kept.includes(1) && kept.some((a) => a > 1)) {
      throw new Error(`${where(ctx)}: ReduceMean over axes [${axes.join(', ')}] without keepdims is not supported`);
    }
  }
  return { kind: 'run', run: ([x]) => tf.mean(x as tf.Tensor, engineAxes, keep) };
}

export const POOL_OPS: Record<string, OpBuilder> = {
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: (ctx) => {
    require4D(ctx, 0);
    return { kind: 'run', run: ([x]) => tf.mean(x as tf.Tensor, [1, 2], true) };
  },
  GlobalMaxPool: (ctx) => {
    require4D(ctx, 0);
    return { kind: 'run', run: ([x]) => tf.max(x as tf.Tensor, [1, 2], true) };
  },
  ReduceMean: reduceMean,
};
