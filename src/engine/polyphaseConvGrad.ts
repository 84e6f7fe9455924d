import * as tf from '@tensorflow/tfjs-core';
import type { ReplayCache } from './replayCache';

// The input gradient of a strided convolution, as stride_h × stride_w ordinary convolutions.
// Input position n = s·i + a receives dy only through the kernel taps u ≡ a (mod s), so each
// phase a of dx is a stride-1 full correlation of dy with the taps of that phase, and the phases
// interleave into dx. The same products as tfjs's Conv2DBackpropInput, none with inserted zeros,
// on the conv2d kernel (on wasm, Conv2DBackpropInput runs ~6× slower than conv2d).

/** Rows and columns padded before and after by the forward convolution, as tfjs pads them. */
export interface ConvPads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Taps of the kernel [kh,kw,in,out] of phase (a, b), flipped in space and transposed to [.,.,out,in]. */
function phaseKernel(kernel: tf.Tensor4D, [a, b]: [number, number], [sh, sw]: [number, number]): tf.Tensor4D {
  const [kh, kw, cIn, cOut] = kernel.shape;
  const taps = tf.stridedSlice(kernel, [a, b, 0, 0], [kh, kw, cIn, cOut], [sh, sw, 1, 1]) as tf.Tensor4D;
  return tf.transpose(tf.reverse(taps, [0, 1]), [0, 1, 3, 2]);
}

/** How many of `length` positions fall in phase `a` of `stride`. */
function phaseLength(length: number, a: number, stride: number): number {
  return Math.max(0, Math.ceil((length - a) / stride));
}

/**
 * dx [1,H,W,in] for y = conv2d(x, kernel [kh,kw,in,out], strides, pads) given dy, undilated.
 * With a cache, the phase kernels are derived once per kernel.
 */
export function polyphaseInputGradient(
  dy: tf.Tensor4D,
  inShape: [number, number, number, number],
  kernel: tf.Tensor4D,
  strides: [number, number],
  pads: ConvPads,
  cache?: ReplayCache,
): tf.Tensor4D {
  const [, H, W, cIn] = inShape;
  const [kh, kw] = kernel.shape;
  const [sh, sw] = strides;
  const [, P, Q] = dy.shape;
  const paddedH = H + pads.top + pads.bottom;
  const paddedW = W + pads.left + pads.right;
  const rowsPerPhase = Math.ceil(paddedH / sh);
  const colsPerPhase = Math.ceil(paddedW / sw);
  const phase = (a: number, b: number): tf.Tensor4D => {
    const tapsH = phaseLength(kh, a, sh);
    const tapsW = phaseLength(kw, b, sw);
    if (tapsH === 0 || tapsW === 0) return tf.zeros([1, rowsPerPhase, colsPerPhase, cIn]);
    const derive = () => phaseKernel(kernel, [a, b], strides);
    const taps = cache ? cache.derived(kernel, `phase-${a}-${b}-of-${sh}x${sw}`, derive) : derive();
    // dx_ab[i] = Σ_t dy[i − t]·k[a + s·t]: a full correlation, kept to the rows of this phase.
    const rows = phaseLength(paddedH, a, sh);
    const cols = phaseLength(paddedW, b, sw);
    const full = tf.pad(dy, [
      [0, 0],
      [tapsH - 1, Math.max(0, rows - P)],
      [tapsW - 1, Math.max(0, cols - Q)],
      [0, 0],
    ]);
    const correlated = tf.conv2d(full, taps, 1, 'valid');
    const kept = tf.slice(correlated, [0, 0, 0, 0], [1, rows, cols, cIn]);
    if (rows === rowsPerPhase && cols === colsPerPhase) return kept;
    return tf.pad(kept, [
      [0, 0],
      [0, rowsPerPhase - rows],
      [0, colsPerPhase - cols],
      [0, 0],
    ]);
  };
  // dx[s·i + a, s·j + b] = phase(a, b)[i, j]: interleave columns, then rows. A concat of
  // expanded tensors, not tf.stack: tfjs-wasm's Pack bypasses the engine's faster Concat.
  const stack = (parts: tf.Tensor[], axis: number) => (parts.length === 1 ? parts[0] : tf.concat(parts.map((p) => tf.expandDims(p, axis)), axis));
  const rowPhases = Array.from({ length: sh }, (_, a) => {
    const columns = Array.from({ length: sw }, (_, b) => phase(a, b));
    return tf.reshape(stack(columns, 3), [1, rowsPerPhase, colsPerPhase * sw, cIn]);
  });
  const interleaved = tf.reshape(stack(rowPhases, 2), [1, rowsPerPhase * sh, colsPerPhase * sw, cIn]) as tf.Tensor4D;
  if (pads.top === 0 && pads.left === 0 && interleaved.shape[1] === H && interleaved.shape[2] === W) return interleaved;
  return tf.slice(interleaved, [0, pads.top, pads.left, 0], [1, H, W, cIn]);
}
