import * as tf from '@tensorflow/tfjs-core';

/** The input gradient of an operation whose output the cache keeps (see ReplayCache.output). */
export interface InputGradient {
  /** The tensor the operation was applied to in this pass. */
  input: tf.Tensor;
  /** (dy, the kept output) ↦ ∂S/∂input; never reads the input's values. */
  of: (dy: tf.Tensor, output: tf.Tensor) => tf.Tensor;
}

/**
 * What one explainer keeps between replays of its graph:
 * - tensors derived from weights (e.g. flipped kernels for input gradients), computed once
 *   and kept until the weight changes: tfjs gives a variable a new dataId on every assign,
 *   so a stale entry is detected and rebuilt;
 * - the outputs of the last pass over one image of every operation whose input gradient does
 *   not read its output (convolutions with their bias, batch norm). Segmenting an image and
 *   then explaining it (and every later click on it) replay them on the same values, so the
 *   explanation reuses them and its forward pass shrinks to the remaining element-wise work.
 * The owner disposes the cache.
 */
export class ReplayCache {
  private readonly derivedEntries = new Map<string, { sources: readonly tf.Tensor[]; dataIds: object[]; value: tf.Tensor }>();
  private readonly outputs = new Map<string, tf.Tensor>();
  /** Outputs beyond the budget, held only until the pass ends (its backward sweep reads them). */
  private readonly passOutputs = new Map<string, tf.Tensor>();
  /** The image whose outputs are kept (a tensor id: tfjs never reuses one). */
  private imageId: number | null = null;
  /** The weights' data when they were kept: a weight assigned since makes every one stale. */
  private weightData: object[] = [];
  /** Whether the current pass reads and fills the memo. */
  private memoising = false;
  private readonly uses = new Map<number, number>();
  /** The key of every output held, kept or for this pass only, by its data (see keyOf()). */
  private readonly keyByData = new Map<object, string>();
  /** Per key, the operation's input gradient, when it gave one. */
  private readonly inputGradients = new Map<string, InputGradient['of']>();
  /** The last operation that gave an input gradient (see takeLastOperation()). */
  private lastOperation: { key: string; input: tf.Tensor } | null = null;
  private bytes = 0;

  /** @param budgetBytes the most output kept; later operations of a pass are recomputed. */
  constructor(private readonly budgetBytes = 256 * 2 ** 20) {}

  /** A tensor derived from one or more weights, kept until any of them changes. */
  derived<T extends tf.Tensor>(source: tf.Tensor | readonly tf.Tensor[], kind: string, derive: () => T): T {
    const sources = Array.isArray(source) ? source : [source as tf.Tensor];
    const key = `${sources.map((s) => s.id).join(',')}:${kind}`;
    const entry = this.derivedEntries.get(key);
    const fresh = entry && !entry.value.isDisposed && sources.every((s, i) => entry.sources[i] === s && entry.dataIds[i] === s.dataId);
    if (fresh) return entry.value as T;
    entry?.value.dispose();
    const value = tf.keep(tf.tidy(derive));
    this.derivedEntries.set(key, { sources, dataIds: sources.map((s) => s.dataId), value });
    return value;
  }

  /**
   * Starts a replay of the graph. `image`: the unperturbed input the pass runs on, whose
   * outputs may be reused and kept; null for a pass whose values differ from a plain
   * forward (perturbations, shape probes), which neither reads nor fills the memo.
   * `weights`: the graph's mutable weights (OpGraph.weights); any of them changed since the
   * outputs were kept (new data) and they are all recomputed, downstream ones included.
   */
  beginPass(image: tf.Tensor | null, weights: readonly tf.Tensor[] = []): void {
    this.endPass();
    this.uses.clear();
    this.memoising = image !== null;
    if (image === null) return;
    const weightData = weights.map((w) => w.dataId);
    const weightsChanged = weightData.length !== this.weightData.length || weightData.some((d, i) => d !== this.weightData[i]);
    if (image.id !== this.imageId || weightsChanged) {
      this.forgetOutputs();
      this.imageId = image.id;
      this.weightData = weightData;
    }
  }

  /**
   * The output of an operation whose input gradient never reads it (a convolution with its
   * bias, a batch norm's affine map) at this point of the pass: the kept one when this
   * image's pass already computed it, else `compute()` (kept within the budget). Keyed by a
   * weight of the operation and how many times the pass has used it (a layer applied twice).
   * `gradient`: the operation's input gradient, kept with its output: a node that is this one
   * operation on its input is then differentiated without running it (see takeLastOperation()).
   */
  output<T extends tf.Tensor>(weight: tf.Tensor, compute: () => T, gradient?: InputGradient): T {
    if (!this.memoising) return compute();
    const use = this.uses.get(weight.id) ?? 0;
    this.uses.set(weight.id, use + 1);
    const key = `${weight.id}#${use}`;
    if (gradient) {
      this.lastOperation = { key, input: gradient.input };
      if (!this.inputGradients.has(key)) this.inputGradients.set(key, gradient.of);
    }
    const kept = this.outputs.get(key) ?? this.passOutputs.get(key);
    // A reshape to the same shape shares the data: no copy, and whoever disposes it leaves ours.
    if (kept) return tf.reshape(kept, kept.shape) as T;
    const y = compute();
    const size = y.size * 4;
    this.keyByData.set(y.dataId, key);
    if (this.bytes + size <= this.budgetBytes) {
      this.outputs.set(key, tf.keep(tf.reshape(y, y.shape)));
      this.bytes += size;
    } else {
      this.passOutputs.set(key, tf.keep(tf.reshape(y, y.shape)));
    }
    return y;
  }

  /**
   * Whether a tensor's data is an output this cache holds (kept, or for the current pass): a
   * pass may hold on to it without using more memory.
   */
  keeps(t: tf.Tensor): boolean {
    return this.keyByData.has(t.dataId);
  }

  /** The key of the operation whose held output has this tensor's data. */
  keyOf(t: tf.Tensor): string | undefined {
    return this.keyByData.get(t.dataId);
  }

  /**
   * The last operation output() was given an input gradient for since the previous call, and
   * the tensor it was applied to; clears it. Called around a node's run, it tells whether the
   * node is that one operation on its input.
   */
  takeLastOperation(): { key: string; input: tf.Tensor } | null {
    const last = this.lastOperation;
    this.lastOperation = null;
    return last;
  }

  /** The output of this image's pass kept under `key` (sharing its data; the caller disposes it), if any. */
  kept(key: string): tf.Tensor | undefined {
    const t = this.outputs.get(key) ?? this.passOutputs.get(key);
    return t ? tf.reshape(t, t.shape) : undefined;
  }

  /** The input gradient given with the output under `key`, while that output is held. */
  inputGradient(key: string): ((dy: tf.Tensor) => tf.Tensor) | undefined {
    const of = this.inputGradients.get(key);
    const output = this.outputs.get(key) ?? this.passOutputs.get(key);
    return of && output ? (dy) => of(dy, output) : undefined;
  }

  /** Frees the outputs held for the current pass only. */
  endPass(): void {
    for (const t of this.passOutputs.values()) {
      this.keyByData.delete(t.dataId);
      t.dispose();
    }
    this.passOutputs.clear();
  }

  /** Where the pass stands: rewind() to it to run an operation again as the pass ran it. */
  position(): ReadonlyMap<number, number> {
    return new Map(this.uses);
  }

  /**
   * Back to a position of the current pass: the next output() calls find what the pass kept
   * from there (the backward sweep runs each operation again to differentiate it).
   */
  rewind(position: ReadonlyMap<number, number>): void {
    this.uses.clear();
    for (const [weight, use] of position) this.uses.set(weight, use);
  }

  /** How many outputs are kept (tests and benchmarks). */
  get keptOutputs(): number {
    return this.outputs.size;
  }

  forgetOutputs(): void {
    this.endPass();
    for (const t of this.outputs.values()) t.dispose();
    this.outputs.clear();
    this.keyByData.clear();
    this.inputGradients.clear();
    this.lastOperation = null;
    this.bytes = 0;
    this.imageId = null;
  }

  dispose(): void {
    for (const { value } of this.derivedEntries.values()) value.dispose();
    this.derivedEntries.clear();
    this.forgetOutputs();
  }
}
