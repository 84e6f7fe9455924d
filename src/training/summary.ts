import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainOptions, TrainState } from './trainLoop';
import type { CalibrationRecord } from './logitBiases';
import { DEFAULT_CLASS_WEIGHT_CAP } from './losses';
import { TRAIN_SEED_BASE } from './seeds';
import type { Size } from '../imaging/geometry';

export const SUMMARY_FILE = 'training.json';

/** What the model card needs to say about training; shipped beside the weights. */
export interface TrainingSummary {
  steps: number;
  seconds: number;
  /** The run's time budget (--minutes), if it had one. */
  minutes?: number;
  batch: number;
  crop: Size;
  cropsPerScene: number;
  /** Threads that shared each step (data parallel); absent in older summaries = 1. */
  threads?: number;
  /** Generator class frequencies of the training scenes; absent = the defaults. */
  classFrequency?: Partial<Record<string, number>>;
  /** Planted bias of the training and calibration scenes (scenes/bias.ts); absent = none. */
  bias?: string;
  /** Model directory whose weights the run started from (a fine-tune); absent = fresh weights. */
  initFrom?: string;
  /** Share of crops placed around an object of a class picked by class weight. */
  focusProbability?: number;
  classWeightCap?: number;
  scenesSeen: number;
  firstTrainSeed: number;
  learningRate: number;
  diceWeight: number;
  seed: number;
  classWeights: number[];
  losses: { step: number; loss: number }[];
  /** Kernels the run used: native (native/training-kernels) or the wasm backend's; absent = wasm. */
  kernels?: 'native' | 'wasm';
  /** Logit offsets folded into the last layer after training (logitBiases.ts); absent = none. */
  calibration?: CalibrationRecord;
  finishedAt: string;
}

export async function writeTrainingSummary(dir: string, opts: TrainOptions, state: TrainState, calibration?: CalibrationRecord): Promise<void> {
  const threads = opts.threads ?? 1;
  const summary: TrainingSummary = {
    steps: state.step,
    seconds: Math.round(state.seconds),
    minutes: opts.minutes,
    batch: opts.batch,
    crop: opts.crop,
    cropsPerScene: opts.cropsPerScene,
    threads,
    classFrequency: opts.classFrequency,
    bias: opts.bias?.name,
    initFrom: opts.initFrom,
    focusProbability: opts.focusProbability ?? 0,
    classWeightCap: opts.classWeightCap ?? DEFAULT_CLASS_WEIGHT_CAP,
    scenesSeen: state.step * threads * Math.ceil(opts.batch / threads / opts.cropsPerScene),
    firstTrainSeed: TRAIN_SEED_BASE,
    learningRate: opts.learningRate,
    diceWeight: opts.diceWeight,
    seed: opts.seed,
    classWeights: state.classWeights.map((w) => Number(w.toFixed(3))),
    losses: state.losses.map((l) => ({ step: l.step, loss: Number(l.loss.toFixed(4)) })),
    kernels: opts.native ? 'native' : 'wasm',
    calibration,
    finishedAt: new Date().toISOString(),
  };
  await writeFile(join(dir, SUMMARY_FILE), JSON.stringify(summary, null, 1) + '\n');
}

/**
 * Records offsets folded into an already trained model; offsets from an earlier calibration of
 * the same weights add up, so the record always holds the total. False: no summary to record in.
 */
export async function recordCalibration(dir: string, calibration: CalibrationRecord): Promise<boolean> {
  const summary = await readTrainingSummary(dir);
  if (!summary) return false;
  const earlier = summary.calibration;
  summary.calibration = earlier
    ? { ...calibration, biases: calibration.biases.map((b, c) => Number((b + earlier.biases[c]).toFixed(4))), miouBefore: earlier.miouBefore }
    : calibration;
  await writeFile(join(dir, SUMMARY_FILE), JSON.stringify(summary, null, 1) + '\n');
  return true;
}

export async function readTrainingSummary(dir: string): Promise<TrainingSummary | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, SUMMARY_FILE), 'utf8')) as TrainingSummary;
  } catch {
    return undefined;
  }
}
