// 8-bit pixels → the model's input tensor, as the descriptor says: channel order, then
// (x - mean) / std per channel (mean and std are given in the descriptor's channel order).
import * as tf from '@tensorflow/tfjs-core';
import type { ModelDescriptor } from './types';

export function toModelInput(
  pixels: Uint8Array | Uint8ClampedArray,
  height: number,
  width: number,
  channels: 3 | 4,
  preprocess: ModelDescriptor['preprocess'],
): tf.Tensor4D {
  if (pixels.length !== height * width * channels) {
    throw new Error(`toModelInput: ${pixels.length} values for ${height}×${width}×${channels}`);
  }
  const { channelOrder, mean, std } = preprocess;
  const order = channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  // Done in TypeScript rather than with tensor ops: one pass, one upload, nothing to dispose.
  // Rounded to float32 at each step like tf.sub / tf.div, so the result is bit-identical.
  const mean32 = mean.map(Math.fround);
  const std32 = std.map(Math.fround);
  const n = height * width;
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      out[3 * i + c] = Math.fround(pixels[channels * i + order[c]] - mean32[c]) / std32[c];
    }
  }
  return tf.tensor4d(out, [1, height, width, 3]);
}
