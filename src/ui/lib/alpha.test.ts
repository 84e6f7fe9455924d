import { describe, expect, it } from 'vitest';
import { channelOrder, compareAlpha, cosineSimilarity, topChannels } from './alpha';

describe('cosineSimilarity', () => {
  it('is 1 for parallel, -1 for opposite and 0 for orthogonal vectors', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1, -2], [-3, 6])).toBeCloseTo(-1, 12);
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0);
  });

  it('matches the definition on an arbitrary pair', () => {
    const a = new Float32Array([0.5, -1, 2, 0.25]);
    const b = new Float32Array([1, 1, -0.5, 3]);
    const dot = 0.5 * 1 + -1 * 1 + 2 * -0.5 + 0.25 * 3;
    const expected = dot / Math.hypot(...a) / Math.hypot(...b);
    expect(cosineSimilarity(a, b)).toBeCloseTo(expected, 6);
  });

  it('is undefined (null) for zero vectors, empty vectors and different lengths', () => {
    expect(cosineSimilarity([0, 0, 0], [1, 2, 3])).toBeNull();
    expect(cosineSimilarity([], [])).toBeNull();
    expect(cosineSimilarity([1, 2], [1, 2, 3])).toBeNull();
  });
});

describe('compareAlpha', () => {
  it('explains why there is no similarity', () => {
    expect(compareAlpha([1, 2], [1, 2, 3])).toEqual({ kind: 'different-layers', pinned: 2, current: 3 });
    expect(compareAlpha([0, 0], [1, 2])).toEqual({ kind: 'zero-vector' });
    const result = compareAlpha([1, 0], [1, 1]);
    expect(result.kind).toBe('cosine');
    if (result.kind === 'cosine') expect(result.value).toBeCloseTo(Math.SQRT1_2, 12);
  });
});

describe('topChannels / channelOrder', () => {
  const alpha = new Float32Array([0.1, -0.9, 0.5, 0, 0.5]);

  it('ranks by magnitude by default, ties by index', () => {
    expect(topChannels(alpha, 3)).toEqual([1, 2, 4]);
  });

  it('ranks by signed value on request', () => {
    expect(topChannels(alpha, 2, 'value')).toEqual([2, 4]);
  });

  it('clamps k', () => {
    expect(topChannels(alpha, 99)).toHaveLength(5);
    expect(topChannels(alpha, -1)).toEqual([]);
  });

  it('orders bars by channel or by value', () => {
    expect(channelOrder(alpha, false)).toEqual([0, 1, 2, 3, 4]);
    expect(channelOrder(alpha, true)).toEqual([2, 4, 0, 3, 1]);
  });
});
