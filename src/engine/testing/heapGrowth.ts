import * as tf from '@tensorflow/tfjs-core';
import type { Explainer } from '../explainer';
import type { Explanation, Target } from '../types';

// What a first click costs on wasm: how far it grows the heap (each fresh megabyte costs
// milliseconds the first time it is written, and the heap never shrinks). Meaningful only in
// a process whose wasm heap is fresh: a test file of its own.

function wasmHeapBytes(): number {
  return (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
}

/** Bytes of every explainable layer's output. */
export function allLayerOutputBytes(explainer: Explainer): number {
  return explainer.layers.reduce((sum, l) => sum + l.shape[0] * l.shape[1] * l.shape[2] * 4, 0);
}

/**
 * Segments the image, then explains `target(labels)` on all layers: the explanation and how
 * many bytes it grew the wasm heap by.
 */
export async function firstClickHeapGrowth(
  explainer: Explainer,
  input: tf.Tensor4D,
  target: (labels: Uint8Array) => Target,
): Promise<{ explanation: Explanation; growth: number }> {
  const { labels } = await explainer.segment(input);
  const before = wasmHeapBytes();
  const [explanation] = await explainer.explain(input, target(labels));
  return { explanation, growth: wasmHeapBytes() - before };
}
