// The one place that splits scene seeds between training and evaluation; the ranges never overlap.

/** Held-out evaluation scenes: seeds 1..300. Training never sees them. */
export const EVAL_SEED_FIRST = 1;
export const EVAL_SEED_COUNT = 300;

/** Training scenes: seeds TRAIN_SEED_BASE + i, i ≥ 0. */
export const TRAIN_SEED_BASE = 1_000_000;

export function evalSeeds(count = EVAL_SEED_COUNT): number[] {
  if (count > EVAL_SEED_COUNT) throw new Error(`at most ${EVAL_SEED_COUNT} held-out seeds`);
  return Array.from({ length: count }, (_, i) => EVAL_SEED_FIRST + i);
}

export function trainSeed(index: number): number {
  return TRAIN_SEED_BASE + index;
}

/**
 * Validation scenes for choosing the logit offsets (calibrate.ts): seeds CALIBRATION_SEED_BASE + i,
 * with the held-out scenes' generator options. Neither the test seeds nor (below a million
 * training scenes) the training seeds.
 */
export const CALIBRATION_SEED_BASE = 2_000_000;

export function calibrationSeeds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => CALIBRATION_SEED_BASE + i);
}
