import * as tf from '@tensorflow/tfjs-core';

/**
 * Tensors derived from weights (e.g. flipped kernels for input gradients), computed once
 * and kept until the weight changes: tfjs gives a variable a new dataId on every
 * assign, so a stale entry is detected and rebuilt. The owner disposes the cache.
 */
export class DerivedWeights {
  private readonly entries = new Map<string, { source: tf.Tensor; dataId: object; value: tf.Tensor }>();

  get<T extends tf.Tensor>(source: tf.Tensor, kind: string, derive: () => T): T {
    const key = `${source.id}:${kind}`;
    const entry = this.entries.get(key);
    if (entry && entry.source === source && entry.dataId === source.dataId && !entry.value.isDisposed) {
      return entry.value as T;
    }
    entry?.value.dispose();
    const value = tf.keep(tf.tidy(derive));
    this.entries.set(key, { source, dataId: source.dataId, value });
    return value;
  }

  dispose(): void {
    for (const { value } of this.entries.values()) value.dispose();
    this.entries.clear();
  }
}
