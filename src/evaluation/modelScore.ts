// S = Σ_M logit_c for many images at once, straight from the LayersModel (batched forwards):
// what the deletion and insertion curves need.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { toModelInput } from '../engine/preprocess';
import type { ModelDescriptor } from '../engine/types';

export function makeScorer(model: LayersModel, descriptor: ModelDescriptor, classIndex: number, mask: Uint8Array, batch = 8) {
  const { height, width } = descriptor.input;
  return async (images: Uint8Array[]): Promise<number[]> => {
    const out: number[] = [];
    for (let start = 0; start < images.length; start += batch) {
      const chunk = images.slice(start, start + batch);
      const scores = tf.tidy(() => {
        const x = tf.concat(chunk.map((img) => toModelInput(img, height, width, 3, descriptor.preprocess)));
        const logits = model.predict(x) as tf.Tensor4D;
        const [n, h, w] = logits.shape;
        const m = tf.tensor4d(Float32Array.from(mask, (v) => (v ? 1 : 0)), [1, h, w, 1]);
        const classLogits = tf.slice(logits, [0, 0, 0, classIndex], [n, h, w, 1]);
        return tf.sum(tf.mul(classLogits, m), [1, 2, 3]);
      });
      out.push(...(await scores.data()));
      scores.dispose();
    }
    return out;
  };
}
