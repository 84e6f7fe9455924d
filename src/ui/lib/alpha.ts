// Comparing channel weights α: the paper's "compare α at different locations".

/**
 * Cosine similarity of two α vectors, in [-1, 1]. Null when it is undefined: the vectors have
 * different lengths (different layers) or one of them is all zero.
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number | null {
  if (a.length !== b.length || a.length === 0) return null;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0) return null;
  return Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
}

export type AlphaComparison =
  | { kind: 'cosine'; value: number }
  | { kind: 'different-layers'; pinned: number; current: number }
  | { kind: 'zero-vector' };

/** Like cosineSimilarity, but says why there is no number, for the α panel. */
export function compareAlpha(pinned: ArrayLike<number>, current: ArrayLike<number>): AlphaComparison {
  if (pinned.length !== current.length) return { kind: 'different-layers', pinned: pinned.length, current: current.length };
  const value = cosineSimilarity(pinned, current);
  return value === null ? { kind: 'zero-vector' } : { kind: 'cosine', value };
}

/**
 * Indices of the k channels with the largest |α| (ties: lower index first), largest first.
 * `by: 'value'` ranks by signed value instead.
 */
export function topChannels(alpha: ArrayLike<number>, k: number, by: 'abs' | 'value' = 'abs'): number[] {
  const key = (i: number) => (by === 'abs' ? Math.abs(alpha[i]) : alpha[i]);
  const order = Array.from({ length: alpha.length }, (_, i) => i);
  order.sort((i, j) => key(j) - key(i) || i - j);
  return order.slice(0, Math.max(0, Math.min(k, alpha.length)));
}

/** Channel order for a bar chart: by channel index, or by value from largest to smallest. */
export function channelOrder(alpha: ArrayLike<number>, sorted: boolean): number[] {
  return sorted ? topChannels(alpha, alpha.length, 'value') : Array.from({ length: alpha.length }, (_, i) => i);
}
