import * as tf from '@tensorflow/tfjs-core';

/**
 * The values of one replay of a graph, by tensor id in the graph, each freed as soon as no
 * step needs it any more. Freeing early is what keeps a pass's peak memory to what it holds
 * at once: on wasm every fresh megabyte of heap costs milliseconds the first time it is touched.
 * Several ids may hold the same tensor (a node that passes its input through): the tensor is
 * disposed when the last of them is released. Pinned tensors (the caller's input) never are.
 */
export class LiveValues {
  private readonly byId = new Map<number, tf.Tensor>();
  private readonly holders = new Map<tf.Tensor, number>();

  constructor(private readonly pinned: ReadonlySet<tf.Tensor>) {}

  set(id: number, value: tf.Tensor): void {
    this.release(id);
    this.byId.set(id, value);
    this.holders.set(value, (this.holders.get(value) ?? 0) + 1);
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  /** Whether another id already holds this very tensor. */
  holds(value: tf.Tensor): boolean {
    return this.holders.has(value);
  }

  require(id: number, reader: string): tf.Tensor {
    const value = this.byId.get(id);
    if (!value) throw new Error(`internal: an input of ${reader} was not computed`);
    return value;
  }

  release(id: number): void {
    const value = this.byId.get(id);
    if (!value) return;
    this.byId.delete(id);
    const left = (this.holders.get(value) ?? 1) - 1;
    if (left > 0) {
      this.holders.set(value, left);
      return;
    }
    this.holders.delete(value);
    if (!this.pinned.has(value)) value.dispose();
  }

  releaseAll(): void {
    for (const id of [...this.byId.keys()]) this.release(id);
  }
}
