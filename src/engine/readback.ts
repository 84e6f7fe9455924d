import * as tf from '@tensorflow/tfjs-core';

/**
 * The values of many tensors with ONE device→CPU transfer: they are flattened and
 * concatenated on the device, read once, and split on the CPU. On webgl every read is a
 * GPU sync and a texture download, so hundreds of small reads cost far more than one.
 * Each result owns its buffer (a view into the shared one would drag all of it along
 * when posted to another thread). The inputs are not disposed.
 */
export async function readTogether(tensors: tf.Tensor[]): Promise<Float32Array[]> {
  if (tensors.length === 0) return [];
  // A cast to float32 of a float32 tensor is still a kernel call: hundreds per explanation.
  const flat = tf.tidy(() => tf.concat(tensors.map((t) => tf.reshape(t.dtype === 'float32' ? t : tf.cast(t, 'float32'), [-1]))));
  try {
    const data = (await flat.data()) as Float32Array;
    let offset = 0;
    return tensors.map((t) => {
      const part = data.slice(offset, offset + t.size);
      offset += t.size;
      return part;
    });
  } finally {
    flat.dispose();
  }
}
