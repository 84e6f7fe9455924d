// Per-class logit offsets chosen to maximise mIoU on validation scenes. The loss's class weights
// (up to 25× for rare classes) buy recall at the cost of precision — the trained U-Net predicts
// "train" on buses and "rider" around cyclists far too often — and IoU punishes both. An additive
// offset per class moves each class's decision boundary back; folded into the bias of the last
// 1×1 conv it costs nothing at run time and leaves every gradient, so every explanation, unchanged.
import { accumulateConfusion, iouFromConfusion } from './evaluate';

/** Logits of a set of scenes, [pixels × C] each, with their labels (≥ C = void). */
export interface CalibrationSet {
  logits: Float32Array[];
  labels: Uint8Array[];
  numClasses: number;
}

export interface CalibrationOptions {
  /** Offsets tried per class per round, relative to the current one. */
  grid?: number[];
  rounds?: number;
}

export interface CalibrationResult {
  biases: number[];
  miouBefore: number;
  miouAfter: number;
}

const DEFAULT_GRID = Array.from({ length: 61 }, (_, i) => (i - 30) / 10); // −3 … +3 in 0.1 steps

/** Confusion matrix (label × predicted) of argmax(logits + biases). */
export function confusionWithBiases(set: CalibrationSet, biases: number[]): Float64Array {
  const C = set.numClasses;
  const confusion = new Float64Array(C * C);
  set.logits.forEach((logits, s) => {
    const predicted = new Int32Array(set.labels[s].length);
    for (let p = 0; p < predicted.length; p++) {
      let bestValue = -Infinity;
      for (let k = 0; k < C; k++) {
        const v = logits[p * C + k] + biases[k];
        if (v > bestValue) {
          bestValue = v;
          predicted[p] = k;
        }
      }
    }
    accumulateConfusion(confusion, set.labels[s], predicted, C);
  });
  return confusion;
}

/**
 * The best offset for class c with the others fixed. A change d of c's offset only moves pixels
 * between c and their best other class o: a pixel goes to c exactly when margin + d > 0, with
 * margin = (z_c + b_c) − (z_o + b_o). So one pass buckets every pixel by the first grid offset
 * that makes it c, and each candidate's confusion is the "nothing is c" confusion plus a
 * running sum of those buckets.
 */
function bestOffsetFor(set: CalibrationSet, biases: number[], c: number, grid: number[]): number {
  const C = set.numClasses;
  const base = new Float64Array(C * C); // every pixel at its best class other than c
  const buckets = Array.from({ length: grid.length }, () => new Float64Array(C * C)); // (label, o) moving to c
  set.logits.forEach((logits, s) => {
    const labels = set.labels[s];
    for (let p = 0; p < labels.length; p++) {
      const label = labels[p];
      if (label >= C) continue;
      let other = c === 0 ? 1 : 0;
      let otherValue = -Infinity;
      for (let k = 0; k < C; k++) {
        if (k === c) continue;
        const v = logits[p * C + k] + biases[k];
        if (v > otherValue) {
          otherValue = v;
          other = k;
        }
      }
      const margin = logits[p * C + c] + biases[c] - otherValue;
      base[label * C + other]++;
      // first j with margin + grid[j] > 0 (grid ascending); none: the pixel never becomes c
      let lo = 0;
      let hi = grid.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (margin + grid[mid] > 0) hi = mid;
        else lo = mid + 1;
      }
      if (lo < grid.length) buckets[lo][label * C + other]++;
    }
  });
  const confusion = base.slice();
  let bestMiou = -Infinity;
  let best = 0;
  grid.forEach((offset, j) => {
    const moved = buckets[j];
    for (let label = 0; label < C; label++) {
      for (let o = 0; o < C; o++) {
        const n = moved[label * C + o];
        if (n === 0) continue;
        confusion[label * C + o] -= n;
        confusion[label * C + c] += n;
      }
    }
    const miou = iouFromConfusion(confusion, C, set.logits.length).miou;
    // ties go to the smallest change
    if (miou > bestMiou + 1e-12 || (Math.abs(miou - bestMiou) <= 1e-12 && Math.abs(offset) < Math.abs(best))) {
      bestMiou = miou;
      best = offset;
    }
  });
  return best;
}

/** Coordinate ascent on mIoU over the classes present in the set's labels, one class at a time. */
export function calibrateClassBiases(set: CalibrationSet, options: CalibrationOptions = {}): CalibrationResult {
  // 0 among the candidates: no round can lower the mIoU
  const grid = [...new Set([0, ...(options.grid ?? DEFAULT_GRID)])].sort((a, b) => a - b);
  const rounds = options.rounds ?? 3;
  const C = set.numClasses;
  const biases = new Array<number>(C).fill(0);
  const miouBefore = iouFromConfusion(confusionWithBiases(set, biases), C, set.logits.length).miou;
  for (let round = 0; round < rounds; round++) {
    let changed = false;
    for (let c = 0; c < C; c++) {
      const offset = bestOffsetFor(set, biases, c, grid);
      if (offset !== 0) {
        biases[c] += offset;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const miouAfter = iouFromConfusion(confusionWithBiases(set, biases), C, set.logits.length).miou;
  return { biases: biases.map((b) => Number(b.toFixed(4))), miouBefore, miouAfter };
}
