import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainOptions, TrainState } from './trainLoop';
import { TRAIN_SEED_BASE } from './seeds';

export const SUMMARY_FILE = 'training.json';

/** What the model card needs to say about training; shipped beside the weights. */
export interface TrainingSummary {
  steps: number;
  seconds: number;
  batch: number;
  crop: { height: number; width: number };
  cropsPerScene: number;
  scenesSeen: number;
  firstTrainSeed: number;
  learningRate: number;
  diceWeight: number;
  seed: number;
  classWeights: number[];
  losses: { step: number; loss: number }[];
  finishedAt: string;
}

export async function writeTrainingSummary(dir: string, opts: TrainOptions, state: TrainState): Promise<void> {
  const summary: TrainingSummary = {
    steps: state.step,
    seconds: Math.round(state.seconds),
    batch: opts.batch,
    crop: opts.crop,
    cropsPerScene: opts.cropsPerScene,
    scenesSeen: state.step * Math.ceil(opts.batch / opts.cropsPerScene),
    firstTrainSeed: TRAIN_SEED_BASE,
    learningRate: opts.learningRate,
    diceWeight: opts.diceWeight,
    seed: opts.seed,
    classWeights: state.classWeights.map((w) => Number(w.toFixed(3))),
    losses: state.losses.map((l) => ({ step: l.step, loss: Number(l.loss.toFixed(4)) })),
    finishedAt: new Date().toISOString(),
  };
  await writeFile(join(dir, SUMMARY_FILE), JSON.stringify(summary, null, 1) + '\n');
}

export async function readTrainingSummary(dir: string): Promise<TrainingSummary | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, SUMMARY_FILE), 'utf8')) as TrainingSummary;
  } catch {
    return undefined;
  }
}
