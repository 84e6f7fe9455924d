import { describe, expect, it } from 'vitest';
import { classShares } from './classShares';

describe('classShares', () => {
  it('counts the classes present, largest first, skipping labels outside the model', () => {
    const labels = new Uint8Array([2, 2, 0, 2, 255, 0, 5]);
    expect(classShares(labels, 3)).toEqual([
      { classIndex: 2, pixels: 3, share: 3 / 5 },
      { classIndex: 0, pixels: 2, share: 2 / 5 },
    ]);
  });

  it('breaks ties by class index and handles an empty map', () => {
    expect(classShares(new Uint8Array([1, 0]), 2).map((s) => s.classIndex)).toEqual([0, 1]);
    expect(classShares(new Uint8Array(0), 4)).toEqual([]);
  });
});
