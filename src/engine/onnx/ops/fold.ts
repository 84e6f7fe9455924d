import * as tf from '@tensorflow/tfjs-core';
import { constOf, type ConstTensor } from '../constTensor';

// Constant folding with tfjs ops (small tensors at load time: shapes, axes, the odd weight).

export function toTensor(c: ConstTensor): tf.Tensor {
  return tf.tensor(c.data, c.dims, c.dtype);
}

export function fold(inputs: ConstTensor[], f: (ts: tf.Tensor[]) => tf.Tensor): ConstTensor {
  const result = tf.tidy(() => f(inputs.map(toTensor)));
  try {
    const dtype = result.dtype === 'float32' ? 'float32' : 'int32';
    return constOf(result.shape, result.dataSync(), dtype);
  } finally {
    result.dispose();
  }
}

/** ONNX Reshape's target shape: 0 copies the input's dimension (unless allowzero), −1 is inferred. */
export function reshapeTarget(inDims: number[], target: number[], allowZero: boolean): number[] {
  const dims = target.map((d, i) => (d === 0 && !allowZero ? inDims[i] : d));
  const known = dims.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const total = inDims.reduce((a, b) => a * b, 1);
  return dims.map((d) => (d === -1 ? total / known : d));
}

export function squeezeDims(dims: number[], axes: number[]): number[] {
  const normalised = axes.map((a) => (a < 0 ? a + dims.length : a));
  return axes.length === 0 ? dims.filter((d) => d !== 1) : dims.filter((_d, i) => !normalised.includes(i));
}

export function unsqueezeDims(dims: number[], axes: number[]): number[] {
  const rank = dims.length + axes.length;
  const normalised = axes.map((a) => (a < 0 ? a + rank : a));
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < rank; i++) out.push(normalised.includes(i) ? 1 : dims[k++]);
  return out;
}
