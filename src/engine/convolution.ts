import * as tf from '@tensorflow/tfjs-core';
import { gradientSupport, type Support } from './gradientSupport';
import { polyphaseInputGradient } from './polyphaseConvGrad';
import type { ReplayCache } from './replayCache';

// Convolutions whose input gradient is itself a forward convolution.
// - tfjs has no gradient for dilation > 1 (conv2d and depthwise);
// - wasm's Conv2DBackpropInput is ~6× slower than Conv2D, and wasm has no
//   DepthwiseConv2dNativeBackpropInput at all.
// The input gradient of a correlation with kernel k is the "full" correlation of the
// (stride-expanded) output gradient with k flipped in space and transposed in/out.
// Only the input gets a gradient: the kernel is captured, never differentiated.

export type Padding = 'same' | 'valid';

export interface ConvGeometry {
  strides: [number, number];
  dilation: [number, number];
  padding: Padding;
}

/** tfjs's padding for one axis: [before, after]. */
function padAmounts(inSize: number, kernel: number, stride: number, dilation: number, padding: Padding): [number, number] {
  if (padding === 'valid') return [0, 0];
  const effective = dilation * (kernel - 1) + 1;
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + effective - inSize, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Inserts stride−1 zeros between rows/columns of dy [1,h,w,c]. */
function expandStrides(dy: tf.Tensor4D, strides: [number, number]): tf.Tensor4D {
  const [sh, sw] = strides;
  if (sh === 1 && sw === 1) return dy;
  const [b, h, w, c] = dy.shape;
  const spread = tf.pad(tf.reshape(dy, [b, h, 1, w, 1, c]), [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]]);
  const full = tf.reshape(spread, [b, h * sh, w * sw, c]);
  return tf.slice(full, [0, 0, 0, 0], [b, (h - 1) * sh + 1, (w - 1) * sw + 1, c]) as tf.Tensor4D;
}

type Correlate = (x: tf.Tensor4D, kernel: tf.Tensor4D, dilation: [number, number], padding?: Padding) => tf.Tensor4D;

/**
 * dx for y = correlate(pad(x), kernel) given dy; flipped = kernel reversed in space and
 * prepared for `correlate` (in/out channels swapped).
 */
function inputGradient(
  dy: tf.Tensor4D,
  inShape: [number, number, number, number],
  kernelSize: [number, number],
  geometry: ConvGeometry,
  flipped: tf.Tensor4D,
  correlate: Correlate,
): tf.Tensor4D {
  const [, H, W] = inShape;
  const [kh, kw] = kernelSize;
  const [sh, sw] = geometry.strides;
  const [dh, dw] = geometry.dilation;
  const [top, bottom] = padAmounts(H, kh, sh, dh, geometry.padding);
  const [left, right] = padAmounts(W, kw, sw, dw, geometry.padding);
  if (sh === 1 && sw === 1) {
    const support = gradientSupport(dy);
    if (support === null) return tf.zeros(inShape);
    if (support && isSmall(support, dy.shape)) {
      return croppedInputGradient(dy, inShape, [dh * (kh - 1), dw * (kw - 1)], [top, left], support, flipped, geometry.dilation, correlate);
    }
  }
  if (sh === 1 && sw === 1 && top === bottom && left === right && geometry.padding === 'same') {
    return correlate(dy, flipped, geometry.dilation, 'same');
  }
  const expanded = expandStrides(dy, geometry.strides);
  const paddedH = H + top + bottom;
  const paddedW = W + left + right;
  const reachH = dh * (kh - 1);
  const reachW = dw * (kw - 1);
  const dyFull = tf.pad(expanded, [
    [0, 0],
    [reachH, paddedH - expanded.shape[1]],
    [reachW, paddedW - expanded.shape[2]],
    [0, 0],
  ]);
  const dxPadded = correlate(dyFull, flipped, geometry.dilation);
  if (top === 0 && bottom === 0 && left === 0 && right === 0) return dxPadded;
  return tf.slice(dxPadded, [0, top, left, 0], [1, H, W, dxPadded.shape[3]]);
}

/** Below this share of its area, a gradient is cheaper to convolve in its box than whole. */
const CROP_BELOW = 0.7;

function isSmall(support: Support, [, height, width]: number[]): boolean {
  return (support.bottom - support.top) * (support.right - support.left) < CROP_BELOW * height * width;
}

/**
 * The unit-stride input gradient computed only where it can be nonzero: dy is zero outside
 * `support`, so dx is zero outside the support widened by the kernel's reach, and inside it
 * needs only the rows and columns of dy that the kernel reaches from there. Same terms in the
 * same order as the whole computation, then zeros around.
 * reach: dilation·(kernel − 1); before: the forward pass's padding before each axis.
 */
function croppedInputGradient(
  dy: tf.Tensor4D,
  inShape: [number, number, number, number],
  [reachH, reachW]: [number, number],
  [beforeH, beforeW]: [number, number],
  support: Support,
  flipped: tf.Tensor4D,
  dilation: [number, number],
  correlate: Correlate,
): tf.Tensor4D {
  // dx[i] = Σ_u dy[i + before − reach + u·dilation]·flipped[u], with dy zero outside its range.
  const [, H, W] = inShape;
  const rows = neededRange(support.top, support.bottom, H, reachH, beforeH, dy.shape[1]);
  const cols = neededRange(support.left, support.right, W, reachW, beforeW, dy.shape[2]);
  if (rows.end <= rows.start || cols.end <= cols.start) return tf.zeros(inShape);
  const window = tf.slice(dy, [0, rows.readFrom, cols.readFrom, 0], [1, rows.readTo - rows.readFrom, cols.readTo - cols.readFrom, dy.shape[3]]);
  const padded = tf.pad(window, [
    [0, 0],
    [rows.zerosBefore, rows.zerosAfter],
    [cols.zerosBefore, cols.zerosAfter],
    [0, 0],
  ]);
  const inside = correlate(padded, flipped, dilation, 'valid');
  return tf.pad(inside, [
    [0, 0],
    [rows.start, H - rows.end],
    [cols.start, W - cols.end],
    [0, 0],
  ]);
}

/**
 * Along one axis: the input positions [start, end) where dx can be nonzero, the positions of dy
 * they read [readFrom, readTo) within dy's extent, and the zeros to add where they read past it.
 */
function neededRange(supportStart: number, supportEnd: number, size: number, reach: number, before: number, dySize: number) {
  const start = Math.max(0, supportStart - before);
  const end = Math.min(size, supportEnd + reach - before);
  const first = start + before - reach;
  const last = end + before; // exclusive
  const readFrom = Math.min(dySize, Math.max(0, first));
  const readTo = Math.max(readFrom, Math.min(dySize, last));
  return { start, end, readFrom, readTo, zerosBefore: readFrom - first, zerosAfter: last - readTo };
}

function isUnitStride(geometry: ConvGeometry): boolean {
  return geometry.strides[0] === 1 && geometry.strides[1] === 1;
}

/**
 * y = forward(x), whose input gradient `of(dy, y)` never reads x's values. With a cache, y may be
 * one kept from an earlier pass over the same image (keyed by `weight`, see ReplayCache.output),
 * and `of` is kept with it: a node that is this one operation is differentiated without running.
 */
function cachedOperation(
  x: tf.Tensor4D,
  weight: tf.Tensor,
  forward: (input: tf.Tensor4D) => tf.Tensor4D,
  of: (dy: tf.Tensor, output: tf.Tensor) => tf.Tensor4D,
  cache?: ReplayCache,
): tf.Tensor4D {
  const custom = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor4D;
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const value = cache ? cache.output(weight, () => forward(input), { input, of }) : forward(input);
    save([value]);
    return { value, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => of(dy, saved[0]) };
  });
  return custom(x) as tf.Tensor4D;
}

/**
 * conv2d (kernel [kh,kw,in,out]) plus an optional bias and ReLU, with an input-only gradient
 * that runs fast on wasm. With a cache, the output may be one kept from an earlier pass over
 * the same image: the input gradient needs only the kernel, the input's shape and, through a
 * ReLU, where the output is positive (y > 0 exactly where the pre-activation is, as tfjs's
 * ReLU gradient reads it).
 */
export function conv2dInputGrad(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  geometry: ConvGeometry,
  cache?: ReplayCache,
  bias?: tf.Tensor | null,
  relu = false,
): tf.Tensor4D {
  const forward = (input: tf.Tensor4D): tf.Tensor4D => {
    const y = tf.conv2d(input, kernel, geometry.strides, geometry.padding, 'NHWC', geometry.dilation);
    const biased = (bias ? tf.add(y, bias) : y) as tf.Tensor4D;
    return relu ? tf.relu(biased) : biased;
  };
  const noDilation = geometry.dilation[0] === 1 && geometry.dilation[1] === 1;
  const inShape = x.shape;
  const gradFunc = (dy: tf.Tensor): tf.Tensor4D => {
    // Strided, undilated convs: stride² ordinary convolutions (expanding dy with zeros would
    // cost stride² more work; tfjs's Conv2DBackpropInput is slow on wasm).
    if (noDilation && !isUnitStride(geometry)) {
      const [kh, kw] = kernel.shape;
      const [top, bottom] = padAmounts(inShape[1], kh, geometry.strides[0], 1, geometry.padding);
      const [left, right] = padAmounts(inShape[2], kw, geometry.strides[1], 1, geometry.padding);
      return polyphaseInputGradient(dy as tf.Tensor4D, inShape, kernel, geometry.strides, { top, bottom, left, right }, cache);
    }
    const [kh, kw] = kernel.shape;
    const flip = () => tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
    const flipped = cache ? cache.derived(kernel, 'conv-flipped', flip) : flip();
    return inputGradient(dy as tf.Tensor4D, inShape, [kh, kw], geometry, flipped, (d, k, dil, padding = 'valid') =>
      tf.conv2d(d, k, 1, padding, 'NHWC', dil),
    );
  };
  const throughRelu = (dy: tf.Tensor, output: tf.Tensor) => (relu ? gradFunc(tf.mul(dy, tf.step(output))) : gradFunc(dy));
  return cachedOperation(x, kernel, forward, throughRelu, cache);
}

/** depthwiseConv2d (kernel [kh,kw,in,multiplier]) with an input gradient on every backend. */
export function depthwiseConv2dInputGrad(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  geometry: ConvGeometry,
  cache?: ReplayCache,
): tf.Tensor4D {
  const forward = (input: tf.Tensor4D): tf.Tensor4D =>
    tf.depthwiseConv2d(input, kernel, geometry.strides, geometry.padding, 'NHWC', geometry.dilation);
  const inShape = x.shape;
  const gradFunc = (dy: tf.Tensor): tf.Tensor4D => {
    const [kh, kw, channels, multiplier] = kernel.shape;
    // y[c·m + j] = Σ k[·,·,c,j] ⋆ x[c]  ⇒  dx[c] = Σ_j flip(k[·,·,c,j]) ⋆ dy[c·m + j]:
    // a depthwise correlation of dy (multiplier 1), then a sum over each group of m.
    const flip = () => tf.reshape(tf.reverse(kernel, [0, 1]), [kh, kw, channels * multiplier, 1]) as tf.Tensor4D;
    const flipped = cache ? cache.derived(kernel, 'depthwise-flipped', flip) : flip();
    const correlate: Correlate = (d, k, dil, padding = 'valid') => {
      const perOutput = tf.depthwiseConv2d(d, k, 1, padding, 'NHWC', dil);
      if (multiplier === 1) return perOutput;
      const [b, h, w] = perOutput.shape;
      return tf.sum(tf.reshape(perOutput, [b, h, w, channels, multiplier]), 4) as tf.Tensor4D;
    };
    return inputGradient(dy as tf.Tensor4D, inShape, [kh, kw], geometry, flipped, correlate);
  };
  return cachedOperation(x, kernel, forward, gradFunc, cache);
}

/**
 * x·scale + shift per channel (an inference batch norm), whose input gradient dy·scale never
 * reads the output: with a cache, the output may be one kept from an earlier pass over the
 * same image (keyed by `weight`, one of the layer's weights). Same numbers as tfjs's own
 * gradient of tf.add(tf.mul(x, scale), shift).
 */
export function affineInputGrad(x: tf.Tensor, scale: tf.Tensor, shift: tf.Tensor, weight: tf.Tensor, cache?: ReplayCache): tf.Tensor {
  const forward = (input: tf.Tensor): tf.Tensor => tf.add(tf.mul(input, scale), shift);
  const custom = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    // Saved, not captured: the forward pass's intermediates are freed before the backward runs.
    save([scale]);
    const input = args[0] as tf.Tensor;
    // With a cache, scale is a kept tensor derived from the weights: the gradient kept with the
    // output may hold it.
    const gradient = { input, of: (dy: tf.Tensor) => tf.mul(dy, scale) };
    return {
      value: cache ? cache.output(weight, () => forward(input), gradient) : forward(input),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]),
    };
  });
  return custom(x);
}

/**
 * conv2dTranspose (kernel [kh,kw,out,in]) plus an optional bias. Its input gradient is a forward
 * conv2d of dy, which never reads the output: with a cache, the output may be one kept from an
 * earlier pass over the same image (on wasm the transposed convolution itself is a slow kernel).
 */
export function conv2dTransposeInputGrad(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  outShape: [number, number, number, number],
  strides: [number, number],
  padding: Padding,
  cache?: ReplayCache,
  bias?: tf.Tensor | null,
): tf.Tensor4D {
  const forward = (input: tf.Tensor4D): tf.Tensor4D => {
    const y = tf.conv2dTranspose(input, kernel, outShape, strides, padding);
    return bias ? tf.add(y, bias) : y;
  };
  // tfjs's own gradient of conv2dTranspose with respect to its input.
  const gradFunc = (dy: tf.Tensor): tf.Tensor4D => tf.conv2d(dy as tf.Tensor4D, kernel, strides, padding);
  return cachedOperation(x, kernel, forward, gradFunc, cache);
}
