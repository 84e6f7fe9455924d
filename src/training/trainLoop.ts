import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { generateScene } from '../scenes/generate';
import type { SceneOptions } from '../scenes/types';
import { buildUnet } from '../model/unet';
import type { BatchPlan } from './batches';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { classFrequency, type Crop } from './data';
import { trainableVariables } from './gradients';
import { classWeightsFromFrequency } from './losses';
import { parallelStep, startPeers, type StepTeam } from './parallelStep';
import { formatProgress, ProgressLine } from './progress';
import { trainSeed } from './seeds';
import { join } from 'node:path';
import { loadModelFromDisk } from '../model/loadModelNode';

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
  /** Threads that compute each step's gradients together (data parallel); 1 = this thread only. */
  threads?: number;
  /** Generator class frequencies for training scenes (more of the rare classes than the held-out scenes have). */
  classFrequency?: SceneOptions['classFrequency'];
  /** Share of crops placed around an object picked by class weight (0 = uniformly random crops). */
  focusProbability?: number;
  /** Cap on the loss's class weights. */
  classWeightCap?: number;
  /** A planted bias in every training scene (and in the class-weight sample). */
  bias?: SceneOptions['bias'];
  /** Start from this model directory's weights instead of a fresh initialisation (a fine-tune). */
  initFrom?: string;
  /** Helper threads use the native training kernels (the caller set up this thread's backend). */
  native?: boolean;
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

async function resumeState(opts: TrainOptions, model: tfl.LayersModel, optimizer: tf.Optimizer, progress: ProgressLine): Promise<TrainState> {
  const state = await loadCheckpoint<TrainState>(opts.checkpointDir, model, optimizer);
  progress.log(`resumed from ${opts.checkpointDir} at step ${state.step}`);
  return state;
}

/** Step 0, with class weights from the pixel shares of a sample of training scenes. */
function freshState(opts: TrainOptions, progress: ProgressLine): TrainState {
  const sceneOptions = { ...opts.sceneSize, classFrequency: opts.classFrequency, bias: opts.bias };
  const sample = Array.from({ length: opts.frequencyScenes }, (_, i) => generateScene(trainSeed(i), sceneOptions));
  const freq = classFrequency(sample);
  const classWeights = classWeightsFromFrequency(freq, opts.classWeightCap);
  progress.log('class weights: ' + classWeights.map((w, c) => `${c}:${w.toFixed(1)}(${(freq[c] * 100).toFixed(2)}%)`).join(' '));
  return { step: 0, classWeights, seconds: 0, losses: [] };
}

/** Copies a trained model's weights (any input size: the U-Net is fully convolutional). */
async function loadInitialWeights(model: tfl.LayersModel, dir: string, progress: ProgressLine): Promise<void> {
  const { model: trained } = await loadModelFromDisk(join(dir, 'model.json'));
  model.setWeights(trained.getWeights());
  trained.dispose();
  progress.log(`starting from the weights of ${dir}`);
}

/**
 * Trains the U-Net with Adam on random crops of generated scenes; BatchNorm in training mode.
 * Scene seeds and crops depend only on (seed, step, thread), so a resumed run replays the same data.
 */
export async function trainUnet(
  opts: TrainOptions,
  hooks: { onCheckpoint?: (model: tfl.LayersModel, state: TrainState) => Promise<void>; progress?: ProgressLine } = {},
): Promise<TrainResult> {
  const progress = hooks.progress ?? new ProgressLine();
  const model = buildUnet({ height: opts.crop.height, width: opts.crop.width, base: opts.base, seed: opts.seed });
  const optimizer = tf.train.adam(opts.learningRate);
  const variables = trainableVariables(model);

  const resuming = opts.resume && hasCheckpoint(opts.checkpointDir);
  if (!resuming && opts.initFrom) await loadInitialWeights(model, opts.initFrom, progress);
  const state = resuming ? await resumeState(opts, model, optimizer, progress) : freshState(opts, progress);
  const classWeights = tf.tensor1d(state.classWeights);
  const plan: BatchPlan = {
    batch: opts.batch,
    replicas: opts.threads ?? 1,
    crop: opts.crop,
    sceneSize: opts.sceneSize,
    cropsPerScene: opts.cropsPerScene,
    seed: opts.seed,
    classFrequency: opts.classFrequency,
    bias: opts.bias,
    focus: opts.focusProbability ? { probability: opts.focusProbability, weights: state.classWeights } : undefined,
  };
  const peers = await startPeers({
    plan,
    base: opts.base,
    modelSeed: opts.seed,
    diceWeight: opts.diceWeight,
    classWeights: state.classWeights,
    native: opts.native,
  });
  const team: StepTeam = { model, variables, optimizer, classWeights, diceWeight: opts.diceWeight, plan, peers };
  try {
    const started = Date.now();
    const startSeconds = state.seconds;
    const startStep = state.step;
    let smoothed = NaN;
    const checkpoint = async () => {
      state.seconds = startSeconds + (Date.now() - started) / 1000;
      await saveCheckpoint(opts.checkpointDir, model, optimizer, state);
      await hooks.onCheckpoint?.(model, state);
    };

    const budgetSeconds = opts.minutes === undefined ? Infinity : opts.minutes * 60;
    // A run resumed after its budget only exports: no step beyond the budget.
    while (state.step < opts.steps && startSeconds < budgetSeconds) {
      const step = state.step;
      const secondsSoFar = startSeconds + (Date.now() - started) / 1000;
      const timeFraction = opts.minutes === undefined ? 0 : secondsSoFar / (opts.minutes * 60);
      const warmup = Math.min(50, Math.floor(opts.steps / 10));
      const lr = learningRateAt(step, Math.max(step / opts.steps, timeFraction), opts.learningRate, warmup);
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
      const loss = await parallelStep(team, step);
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
  } finally {
    await Promise.all(peers.map((peer) => peer.close()));
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
