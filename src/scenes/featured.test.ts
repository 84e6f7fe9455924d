import { describe, expect, it } from 'vitest';
import featured from '../../public/scenes/featured.json';
import { generateScene } from './generate';
import { countLabels } from './stats';

describe('featured scenes manifest', () => {
  it('lists a few titled seeds that each show most classes', () => {
    expect(featured.length).toBeGreaterThanOrEqual(4);
    for (const entry of featured) {
      expect(Number.isInteger(entry.seed)).toBe(true);
      expect(entry.title.length).toBeGreaterThan(3);
      const counts = countLabels(generateScene(entry.seed, { width: 256, height: 128 }).labels);
      const classes = Array.from(counts.subarray(0, 19)).filter((n) => n >= 12).length;
      expect(classes, `seed ${entry.seed}`).toBeGreaterThanOrEqual(15);
    }
  });
});
