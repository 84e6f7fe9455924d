import * as tf from '@tensorflow/tfjs-core';

/**
 * What one explainer keeps between replays of its graph:
 * - tensors derived from weights (e.g. flipped kernels for input gradients), computed once
 *   and kept until the weight changes: tfjs gives a variable a new dataId on every assign,
 *   so a stale entry is detected and rebuilt;
 * - the convolution outputs of the last pass over one image. Segmenting an image and then
 *   explaining it (and every later click on it) replay the same convolutions on the same
 *   values; their input gradients never read the output, so the explanation can reuse them
 *   and its forward pass shrinks to the cheap element-wise work.
 * The owner disposes the cache.
 */
export class ReplayCache {
  private readonly derivedEntries = new Map<string, { source: tf.Tensor; dataId: object; value: tf.Tensor }>();
  private readonly convolutions = new Map<string, tf.Tensor4D>();
  /** The image whose convolutions are kept (a tensor id: tfjs never reuses one). */
  private imageId: number | null = null;
  /** The weights' data when they were kept: a weight assigned since makes every one stale. */
  private weightData: object[] = [];
  /** Whether the current pass reads and fills the memo. */
  private memoising = false;
  private readonly uses = new Map<number, number>();
  private bytes = 0;

  /** @param budgetBytes the most convolution output kept; later convolutions of a pass are recomputed. */
  constructor(private readonly budgetBytes = 256 * 2 ** 20) {}

  derived<T extends tf.Tensor>(source: tf.Tensor, kind: string, derive: () => T): T {
    const key = `${source.id}:${kind}`;
    const entry = this.derivedEntries.get(key);
    if (entry && entry.source === source && entry.dataId === source.dataId && !entry.value.isDisposed) {
      return entry.value as T;
    }
    entry?.value.dispose();
    const value = tf.keep(tf.tidy(derive));
    this.derivedEntries.set(key, { source, dataId: source.dataId, value });
    return value;
  }

  /**
   * Starts a replay of the graph. `image`: the unperturbed input the pass runs on, whose
   * convolutions may be reused and kept; null for a pass whose values differ from a plain
   * forward (perturbations, shape probes), which neither reads nor fills the memo.
   * `weights`: the graph's mutable weights (OpGraph.weights); any of them changed since the
   * outputs were kept (new data) and they are all recomputed, downstream ones included.
   */
  beginPass(image: tf.Tensor | null, weights: readonly tf.Tensor[] = []): void {
    this.uses.clear();
    this.memoising = image !== null;
    if (image === null) return;
    const weightData = weights.map((w) => w.dataId);
    const weightsChanged = weightData.length !== this.weightData.length || weightData.some((d, i) => d !== this.weightData[i]);
    if (image.id !== this.imageId || weightsChanged) {
      this.forgetConvolutions();
      this.imageId = image.id;
      this.weightData = weightData;
    }
  }

  /**
   * The output of a convolution with `kernel` at this point of the pass: the kept one when
   * this image's pass already computed it, else `compute()` (kept within the budget).
   * Keyed by the kernel and how many times the pass has used it (a layer applied twice).
   */
  convolution(kernel: tf.Tensor, compute: () => tf.Tensor4D): tf.Tensor4D {
    if (!this.memoising) return compute();
    const use = this.uses.get(kernel.id) ?? 0;
    this.uses.set(kernel.id, use + 1);
    const key = `${kernel.id}#${use}`;
    const kept = this.convolutions.get(key);
    // A reshape to the same shape shares the data: no copy, and whoever disposes it leaves ours.
    if (kept) return tf.reshape(kept, kept.shape);
    const y = compute();
    const size = y.size * 4;
    if (this.bytes + size <= this.budgetBytes) {
      this.convolutions.set(key, tf.keep(tf.reshape(y, y.shape)));
      this.bytes += size;
    }
    return y;
  }

  /** How many convolution outputs are kept (tests and benchmarks). */
  get keptConvolutions(): number {
    return this.convolutions.size;
  }

  forgetConvolutions(): void {
    for (const t of this.convolutions.values()) t.dispose();
    this.convolutions.clear();
    this.bytes = 0;
    this.imageId = null;
  }

  dispose(): void {
    for (const { value } of this.derivedEntries.values()) value.dispose();
    this.derivedEntries.clear();
    this.forgetConvolutions();
  }
}
