import * as tf from '@tensorflow/tfjs-core';
import type { ConstTensor } from './constTensor';

// ONNX is NCHW, the engine NHWC. Every computed 4-D tensor is kept NHWC; tensors of other
// ranks keep ONNX's order. Constants are converted once, when the graph is compiled.

/** NCHW axis → NHWC axis. */
const TO_NHWC = [0, 3, 1, 2];

export function normaliseAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} is out of range for rank ${rank}`);
  return a;
}

/** An ONNX axis of a tensor of the given rank → the engine's axis. */
export function engineAxis(axis: number, rank: number): number {
  const a = normaliseAxis(axis, rank);
  return rank === 4 ? TO_NHWC[a] : a;
}

/** The ONNX (NCHW) shape of an engine tensor. */
export function onnxShape(shape: readonly number[]): number[] {
  return shape.length === 4 ? [shape[0], shape[3], shape[1], shape[2]] : [...shape];
}

/** Engine tensor → ONNX order (per call; for the rare ops that need it). */
export function toOnnxOrder(t: tf.Tensor): tf.Tensor {
  return t.rank === 4 ? tf.transpose(t, [0, 3, 1, 2]) : t;
}

/** ONNX-ordered tensor → engine order. */
export function toEngineOrder(t: tf.Tensor): tf.Tensor {
  return t.rank === 4 ? tf.transpose(t, [0, 2, 3, 1]) : t;
}

/** A constant as an operand of an element-wise op whose result has `rank` dimensions. */
export function constOperand(c: ConstTensor, rank: number): tf.Tensor {
  if (rank === 4) {
    const dims = [...Array(4 - c.dims.length).fill(1), ...c.dims];
    return tf.tidy(() => tf.transpose(tf.tensor(c.data, dims, c.dtype), [0, 2, 3, 1]));
  }
  return tf.tensor(c.data, c.dims, c.dtype);
}

/** A computed operand of lower rank broadcast into a 4-D result (per call). */
export function lift(t: tf.Tensor, rank: number): tf.Tensor {
  if (rank !== 4 || t.rank === 4) return t;
  return tf.transpose(tf.reshape(t, [...Array(4 - t.rank).fill(1), ...t.shape]), [0, 2, 3, 1]);
}
