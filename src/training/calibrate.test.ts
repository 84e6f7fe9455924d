import { describe, expect, it } from 'vitest';
import { makeRng } from './rng';
import { calibrateClassBiases, confusionWithBiases, type CalibrationSet } from './calibrate';
import { iouFromConfusion } from './evaluate';

/**
 * Three classes; the "model" is the true class's one-hot logit plus noise, with class 2 pushed up
 * by `overshoot` everywhere — a rare class over-predicted, as a heavily weighted loss leaves it.
 */
function overPredictingSet(seed: number, overshoot: number, pixels = 4000, scenes = 3): CalibrationSet {
  const random = makeRng(seed);
  const C = 3;
  const set: CalibrationSet = { logits: [], labels: [], numClasses: C };
  for (let s = 0; s < scenes; s++) {
    const labels = new Uint8Array(pixels);
    const logits = new Float32Array(pixels * C);
    for (let p = 0; p < pixels; p++) {
      const u = random();
      labels[p] = u < 0.01 ? 255 : u < 0.6 ? 0 : u < 0.95 ? 1 : 2;
      for (let k = 0; k < C; k++) {
        const signal = k === labels[p] ? 1 : 0;
        logits[p * C + k] = signal + (random() - 0.5) * 2.4 + (k === 2 ? overshoot : 0);
      }
    }
    set.logits.push(logits);
    set.labels.push(labels);
  }
  return set;
}

const miouOf = (set: CalibrationSet, biases: number[]) => iouFromConfusion(confusionWithBiases(set, biases), set.numClasses, 1).miou;

describe('per-class logit offsets that maximise mIoU', () => {
  it('pulls an over-predicted class back, and the gain holds on unseen data', () => {
    const fit = overPredictingSet(1, 0.8);
    const result = calibrateClassBiases(fit);
    expect(result.miouBefore).toBeCloseTo(miouOf(fit, [0, 0, 0]), 10);
    expect(result.miouAfter).toBeCloseTo(miouOf(fit, result.biases), 10);
    expect(result.miouAfter).toBeGreaterThan(result.miouBefore + 0.05);
    // class 2 ends lowest relative to the others: only differences between offsets matter
    expect(result.biases[2] - Math.max(result.biases[0], result.biases[1])).toBeLessThan(-0.3);
    const unseen = overPredictingSet(2, 0.8);
    expect(miouOf(unseen, result.biases)).toBeGreaterThan(miouOf(unseen, [0, 0, 0]) + 0.05);
  });

  it('finds, one class at a time, the offset a brute-force search over the same grid finds', () => {
    const set = overPredictingSet(3, 0.5, 1500, 2);
    const grid = [-1, -0.5, -0.25, 0, 0.25, 0.5, 1];
    const result = calibrateClassBiases(set, { grid, rounds: 1 });
    // replay round 1 by brute force: for each class in turn, the grid offset with the best mIoU
    const biases = [0, 0, 0];
    for (let c = 0; c < 3; c++) {
      let best = 0;
      let bestMiou = -Infinity;
      for (const offset of grid) {
        const trial = biases.map((b, k) => (k === c ? b + offset : b));
        const miou = miouOf(set, trial);
        if (miou > bestMiou + 1e-12 || (Math.abs(miou - bestMiou) <= 1e-12 && Math.abs(offset) < Math.abs(best))) {
          bestMiou = miou;
          best = offset;
        }
      }
      biases[c] += best;
    }
    expect(result.biases).toEqual(biases);
  });

  it('never lowers the mIoU, and leaves already perfect logits alone', () => {
    const noisy = overPredictingSet(4, 0.3);
    const result = calibrateClassBiases(noisy);
    expect(result.miouAfter).toBeGreaterThanOrEqual(result.miouBefore);
    const perfect: CalibrationSet = { numClasses: 3, labels: [Uint8Array.from([0, 1, 2, 2, 255])], logits: [] };
    perfect.logits.push(Float32Array.from([...perfect.labels[0]].flatMap((l) => [0, 1, 2].map((k) => (k === l ? 5 : 0)))));
    expect(calibrateClassBiases(perfect)).toEqual({ biases: [0, 0, 0], miouBefore: 1, miouAfter: 1 });
  });
});
