import { describe, expect, it } from 'vitest';
import { key, MeanTable } from './accumulator';
import { biasVerdict } from './report';

function table(rows: [model: string, layer: string, ratio: number, fenced?: boolean][]): MeanTable {
  const t = new MeanTable();
  for (const [model, layer, ratio, fenced] of rows) {
    t.add(key(model, 'seg-grad-cam', layer), ratio);
    t.add(key(model, 'seg-grad-cam', layer, 'fenced'), fenced ? 1 : 0);
  }
  return t;
}

describe('the planted-bias verdict', () => {
  it('passes when some layer has ≥ 5× for the biased model and < 2× for the unbiased one, not only the biased maximum', () => {
    const t = table([
      ['biased', 'a', 9], ['unbiased', 'a', 4], // the biased maximum, but the unbiased model also lights the cue
      ['biased', 'b', 6], ['unbiased', 'b', 1.5], // passes
      ['biased', 'c', 1], ['unbiased', 'c', 1],
    ]);
    expect(biasVerdict(t, 'seg-grad-cam', ['a', 'b', 'c'])).toEqual({ bestLayer: 'b', bestValue: 6, unbiased: 1.5, sees: true });
  });

  it('never counts a fenced layer, and names the closest layer when none passes', () => {
    const t = table([
      ['biased', 'head', 40, true], ['unbiased', 'head', 1, true], // the class score by construction
      ['biased', 'a', 4], ['unbiased', 'a', 1.9],
      ['biased', 'b', 5], ['unbiased', 'b', 8],
    ]);
    const verdict = biasVerdict(t, 'seg-grad-cam', ['head', 'a', 'b']);
    expect(verdict.sees).toBe(false);
    expect(verdict.bestLayer).toBe('a');
  });

  it('the boundaries: exactly 5× passes, exactly 2× does not', () => {
    expect(biasVerdict(table([['biased', 'a', 5], ['unbiased', 'a', 1.99]]), 'seg-grad-cam', ['a']).sees).toBe(true);
    expect(biasVerdict(table([['biased', 'a', 5], ['unbiased', 'a', 2]]), 'seg-grad-cam', ['a']).sees).toBe(false);
  });
});
