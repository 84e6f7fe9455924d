import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Scene } from '../../scenes/types';
import { buildUnet } from '../unet';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { classFrequency, makeBatch, type Crop } from './data';
import { classWeightsFromFrequency, segmentationLoss } from './losses';
import { formatProgress, ProgressLine } from './progress';
import { makeRng } from './rng';
import { trainSeed } from './seeds';

export interface TrainOptions {
  steps: number;
  batch: number;
  crop: Crop;
  /** Scene size the crops are cut from. */
  sceneSize: Crop;
  base: number;
  learningRate: number;
  diceWeight: number;
  seed: number;
  /** Stop (with a checkpoint) after this many minutes of training time, resumed runs included. */
  minutes?: number;
  checkpointDir: string;
  checkpointEvery: number;
  resume: boolean;
  /** Scenes used to estimate class frequencies for the loss weights. */
  frequencyScenes: number;
  /** Crops cut from each generated scene per batch (generation costs about as much as a step's forward pass). */
  cropsPerScene: number;
}

export interface TrainState {
  step: number;
  classWeights: number[];
  seconds: number;
  losses: { step: number; loss: number }[];
}

export interface TrainResult {
  model: tfl.LayersModel;
  state: TrainState;
}

export type SceneSource = (seed: number, size: Crop) => Scene;

/**
 * Linear warm-up over the first steps, then cosine decay from lr to lr/50 as `progress` goes 0 → 1.
 * With a time budget, progress is the larger of the step and time fractions, so a run cut short
 * by --minutes still ends on a small learning rate.
 */
export function learningRateAt(step: number, progress: number, lr: number, warmupSteps = 50): number {
  if (step < warmupSteps) return (lr * (step + 1)) / warmupSteps;
  const min = lr / 50;
  return min + 0.5 * (lr - min) * (1 + Math.cos(Math.PI * Math.min(1, Math.max(0, progress))));
}

/**
 * Trains the U-Net with Adam on random crops of generated scenes; BatchNorm in training mode.
 * Scene seeds and crops depend only on (seed, step), so a resumed run replays the same data.
 */
export async function trainUnet(
  opts: TrainOptions,
  sceneAt: SceneSource,
  hooks: { onCheckpoint?: (model: tfl.LayersModel, state: TrainState) => Promise<void>; progress?: ProgressLine } = {},
): Promise<TrainResult> {
  const progress = hooks.progress ?? new ProgressLine();
  const model = buildUnet({ height: opts.crop.height, width: opts.crop.width, base: opts.base, seed: opts.seed });
  const optimizer = tf.train.adam(opts.learningRate);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);

  let state: TrainState;
  if (opts.resume && hasCheckpoint(opts.checkpointDir)) {
    state = await loadCheckpoint<TrainState>(opts.checkpointDir, model, optimizer);
    progress.log(`resumed from ${opts.checkpointDir} at step ${state.step}`);
  } else {
    const sample = Array.from({ length: opts.frequencyScenes }, (_, i) => sceneAt(trainSeed(i), opts.sceneSize));
    const freq = classFrequency(sample);
    state = { step: 0, classWeights: classWeightsFromFrequency(freq), seconds: 0, losses: [] };
    progress.log(
      'class weights: ' + state.classWeights.map((w, c) => `${c}:${w.toFixed(1)}(${(freq[c] * 100).toFixed(2)}%)`).join(' '),
    );
  }
  const classWeights = tf.tensor1d(state.classWeights);

  const started = Date.now();
  const startSeconds = state.seconds;
  const startStep = state.step;
  let smoothed = NaN;
  const checkpoint = async () => {
    state.seconds = startSeconds + (Date.now() - started) / 1000;
    await saveCheckpoint(opts.checkpointDir, model, optimizer, state);
    await hooks.onCheckpoint?.(model, state);
  };

  while (state.step < opts.steps) {
    const step = state.step;
    const perStep = Math.ceil(opts.batch / opts.cropsPerScene);
    const unique = Array.from({ length: perStep }, (_, i) => sceneAt(trainSeed(step * perStep + i), opts.sceneSize));
    const scenes = Array.from({ length: opts.batch }, (_, i) => unique[i % perStep]);
    const batch = makeBatch(scenes, opts.crop, makeRng(opts.seed * 1_000_003 + step));
    const secondsSoFar = startSeconds + (Date.now() - started) / 1000;
    const timeFraction = opts.minutes === undefined ? 0 : secondsSoFar / (opts.minutes * 60);
    const warmup = Math.min(50, Math.floor(opts.steps / 10));
    const lr = learningRateAt(step, Math.max(step / opts.steps, timeFraction), opts.learningRate, warmup);
    (optimizer as unknown as { learningRate: number }).learningRate = lr;
    const cost = optimizer.minimize(
      () => segmentationLoss(model.apply(batch.x, { training: true }) as tf.Tensor4D, batch.labels, classWeights, opts.diceWeight),
      true,
      variables,
    );
    const loss = (await cost!.data())[0];
    tf.dispose([cost!, batch.x, batch.labels]);
    if (!Number.isFinite(loss)) throw new Error(`loss became ${loss} at step ${step}`);
    smoothed = Number.isNaN(smoothed) ? loss : 0.95 * smoothed + 0.05 * loss;
    state.step = step + 1;
    if (state.step % 10 === 0 || state.step === opts.steps) state.losses.push({ step: state.step, loss: smoothed });

    const elapsed = (Date.now() - started) / 1000;
    const stepsPerSec = (state.step - startStep) / Math.max(elapsed, 1e-3);
    const budgetLeftSeconds = opts.minutes === undefined ? undefined : opts.minutes * 60 - startSeconds - elapsed;
    progress.update(formatProgress({ step: state.step, total: opts.steps, loss: smoothed, stepsPerSec, budgetLeftSeconds }) + ` lr ${lr.toExponential(1)}`);
    const outOfTime = opts.minutes !== undefined && startSeconds + elapsed > opts.minutes * 60;
    if (state.step % opts.checkpointEvery === 0 || state.step === opts.steps || outOfTime) await checkpoint();
    if (outOfTime) {
      progress.log(`time budget of ${opts.minutes} min reached at step ${state.step}`);
      break;
    }
  }
  classWeights.dispose();
  optimizer.dispose();
  return { model, state };
}

/** Copies trained weights into a model built for another input size (weights are size-free). */
export function resizeModel(trained: tfl.LayersModel, height: number, width: number, base: number): tfl.LayersModel {
  const model = buildUnet({ height, width, base });
  model.setWeights(trained.getWeights());
  return model;
}
