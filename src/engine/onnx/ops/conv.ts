import * as tf from '@tensorflow/tfjs-core';
import { affineInputGrad, conv2dInputGrad, conv2dTransposeInputGrad, depthwiseConv2dInputGrad, type ConvGeometry } from '../../convolution';
import type { ReplayCache } from '../../replayCache';
import { size } from '../constTensor';
import { constInput, optionalConst, require4D, where } from './common';
import { pairOf, spatialPads, tfjsSamePads, type Pads } from './padding';
import type { OpBuilder, OpContext, OpResult } from './types';

// Conv, ConvTranspose and BatchNormalization: weights are converted to the engine's layout
// (OIHW → HWIO, BatchNorm → one scale and shift) once, when the graph is compiled.

function samePads(a: Pads, b: Pads): boolean {
  return a.every((v, i) => v === b[i]);
}

function conv(ctx: OpContext): OpResult {
  const [, cIn, h, w] = require4D(ctx, 0);
  const weights = constInput(ctx, 1, 'weight');
  const bias = optionalConst(ctx, 2, 'bias');
  if (weights.dims.length !== 4) throw new Error(`${where(ctx)}: only 2-D convolutions are supported`);
  const [cOut, cInPerGroup, kh, kw] = weights.dims;
  const group = ctx.attr.int('group', 1);
  if (cInPerGroup * group !== cIn) throw new Error(`${where(ctx)}: weight [${weights.dims.join(', ')}] does not fit ${cIn} input channels in ${group} groups`);
  const window = {
    kernel: [kh, kw] as [number, number],
    strides: pairOf(ctx.attr.ints('strides', []), 1),
    dilations: pairOf(ctx.attr.ints('dilations', []), 1),
  };
  const pads = spatialPads(ctx.attr.string('auto_pad', 'NOTSET'), ctx.attr.ints('pads', []), [h, w], window);
  const zero = pads.every((p) => p === 0);
  const same = !zero && samePads(pads, tfjsSamePads([h, w], window));
  const geometry: ConvGeometry = { strides: window.strides, dilation: window.dilations, padding: same ? 'same' : 'valid' };
  const padBefore = !zero && !same;
  const depthwise = group > 1 && group === cIn && cInPerGroup === 1;
  if (depthwise && window.dilations.some((d) => d > 1) && window.strides.some((s) => s > 1)) {
    throw new Error(`${where(ctx)}: a depthwise convolution with both strides and dilations > 1 is not supported`);
  }
  const oihw = tf.tensor4d(weights.data as Float32Array, [cOut, cInPerGroup, kh, kw], 'float32');
  const hwio = tf.transpose(oihw, [2, 3, 1, 0]) as tf.Tensor4D; // [kh, kw, in/g, out]
  oihw.dispose();
  let kernels: tf.Tensor4D[];
  if (group === 1) kernels = [hwio];
  else if (depthwise) kernels = [tf.reshape(hwio, [kh, kw, cIn, cOut / cIn]) as tf.Tensor4D];
  else kernels = tf.split(hwio, group, 3) as tf.Tensor4D[];
  if (kernels[0] !== hwio) hwio.dispose();
  kernels.forEach((k) => ctx.own(k));
  const b = bias ? ctx.own(tf.tensor1d(Float32Array.from(bias.data))) : null;
  if (bias && size(bias.dims) !== cOut) throw new Error(`${where(ctx)}: bias has ${size(bias.dims)} values for ${cOut} channels`);
  const run = ([x]: (tf.Tensor | null)[], derived: ReplayCache): tf.Tensor => {
    let input = x as tf.Tensor4D;
    if (padBefore) input = tf.pad(input, [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]]);
    let y: tf.Tensor4D;
    // An ungrouped convolution takes its bias along, so a click reuses both (replayCache.ts).
    if (group === 1) return conv2dInputGrad(input, kernels[0], geometry, derived, b);
    if (depthwise) y = depthwiseConv2dInputGrad(input, kernels[0], geometry, derived);
    else {
      const parts = tf.split(input, group, 3) as tf.Tensor4D[];
      y = tf.concat(parts.map((part, g) => conv2dInputGrad(part, kernels[g], geometry, derived)), 3);
    }
    return b ? tf.add(y, b) : y;
  };
  return { kind: 'run', run };
}

function convTranspose(ctx: OpContext): OpResult {
  const [, , h, w] = require4D(ctx, 0);
  const weights = constInput(ctx, 1, 'weight');
  const bias = optionalConst(ctx, 2, 'bias');
  if (weights.dims.length !== 4) throw new Error(`${where(ctx)}: only 2-D transposed convolutions are supported`);
  const [cIn, cOut, kh, kw] = weights.dims;
  ctx.attr.refuse('group', (v) => v === 1, 'grouped transposed convolutions');
  ctx.attr.refuse('dilations', (v) => Array.isArray(v) && v.every((d) => d === 1), 'dilated transposed convolutions');
  ctx.attr.refuse('output_shape', () => false, 'give pads and output_padding instead');
  const strides = pairOf(ctx.attr.ints('strides', []), 1);
  const outputPadding = pairOf(ctx.attr.ints('output_padding', []), 0);
  const autoPad = ctx.attr.string('auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && autoPad !== '' && autoPad !== 'VALID') throw new Error(`${where(ctx)}: auto_pad ${autoPad} is not supported`);
  const p = pairOf(ctx.attr.ints('pads', []).slice(0, 2), 0);
  const q = pairOf(ctx.attr.ints('pads', []).slice(2), 0);
  const fullH = (h - 1) * strides[0] + kh;
  const fullW = (w - 1) * strides[1] + kw;
  const outH = fullH + outputPadding[0] - p[0] - q[0];
  const outW = fullW + outputPadding[1] - p[1] - q[1];
  const kernel = ctx.own(tf.tidy(() => tf.transpose(tf.tensor4d(weights.data as Float32Array, [cIn, cOut, kh, kw]), [2, 3, 1, 0]))) as tf.Tensor4D;
  const b = bias ? ctx.own(tf.tensor1d(Float32Array.from(bias.data))) : null;
  const run = ([x]: (tf.Tensor | null)[], derived: ReplayCache): tf.Tensor => {
    // Its input gradient is a forward conv2d: fast on every backend; a click reuses its output.
    let y: tf.Tensor4D = conv2dTransposeInputGrad(x as tf.Tensor4D, kernel, [1, fullH, fullW, cOut], strides, 'valid', derived);
    const extraH = Math.max(0, p[0] + outH - fullH);
    const extraW = Math.max(0, p[1] + outW - fullW);
    if (extraH > 0 || extraW > 0) y = tf.pad(y, [[0, 0], [0, extraH], [0, extraW], [0, 0]]);
    if (p[0] > 0 || p[1] > 0 || outH !== y.shape[1] || outW !== y.shape[2]) y = tf.slice(y, [0, p[0], p[1], 0], [1, outH, outW, cOut]);
    return b ? tf.add(y, b) : y;
  };
  return { kind: 'run', run };
}

function batchNormalization(ctx: OpContext): OpResult {
  const shape = require4D(ctx, 0);
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => constInput(ctx, i, ['scale', 'bias', 'mean', 'variance'][i - 1]));
  if (ctx.node.output.filter((o) => o !== '').length > 1) throw new Error(`${where(ctx)}: training-mode batch normalisation is not supported`);
  const epsilon = ctx.attr.float('epsilon', 1e-5);
  const channels = shape[1];
  const scale = new Float32Array(channels);
  const shift = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    scale[c] = gamma.data[c] / Math.sqrt(variance.data[c] + epsilon);
    shift[c] = beta.data[c] - mean.data[c] * scale[c];
  }
  const s = ctx.own(tf.tensor1d(scale));
  const t = ctx.own(tf.tensor1d(shift));
  return { kind: 'run', run: ([x], derived) => affineInputGrad(x as tf.Tensor, s, t, s, derived) };
}

export const CONV_OPS: Record<string, OpBuilder> = {
  Conv: conv,
  ConvTranspose: convTranspose,
  BatchNormalization: batchNormalization,
};
