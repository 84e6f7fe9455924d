import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateScene } from '../scenes/generate';
import { buildUnet } from '../model/unet';
import { initNodeBackend } from './backend';
import { makeBatch } from './data';
import { segmentationLoss } from './losses';
import { makeRng } from './rng';
import { silentProgress, tinyTrainOptions } from './testOptions';
import { learningRateAt, trainUnet } from './trainLoop';

const scratch = mkdtempSync(join(tmpdir(), 'unet-train-'));

describe('training on wasm', () => {
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('lowers the loss on one batch over 20 steps (tiny model, tiny input)', () => {
    const scenes = [generateScene(1_000_001, { width: 64, height: 32 }), generateScene(1_000_002, { width: 64, height: 32 })];
    const batch = makeBatch(scenes, { height: 32, width: 64 }, makeRng(1));
    const model = buildUnet({ height: 32, width: 64, base: 4, seed: 2 });
    const optimizer = tf.train.adam(0.02);
    const weights = tf.ones([19]) as tf.Tensor1D;
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const losses: number[] = [];
    for (let step = 0; step < 20; step++) {
      // Cross-entropy only: the Dice term has a floor that hides progress on one batch.
      const cost = optimizer.minimize(
        () => segmentationLoss(model.apply(batch.x, { training: true }) as tf.Tensor4D, batch.labels, weights, 0),
        true,
        variables,
      )!;
      losses.push(cost.dataSync()[0]);
      cost.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[19]).toBeLessThan(0.75 * losses[0]);
    tf.dispose([batch.x, batch.labels, weights]);
    optimizer.dispose();
    model.dispose();
  });

  it('resumes from a checkpoint to exactly the weights of an uninterrupted run', async () => {
    const opts = (dir: string, steps: number, resume: boolean) => tinyTrainOptions(join(scratch, dir), { steps, resume });
    const straight = await trainUnet(opts('a', 4, false), { progress: silentProgress });
    const crash = async () => {
      throw new Error('killed after the first checkpoint');
    };
    await expect(trainUnet(opts('b', 4, false), { progress: silentProgress, onCheckpoint: crash })).rejects.toThrow('killed');
    const resumed = await trainUnet(opts('b', 4, true), { progress: silentProgress });
    expect(resumed.state.step).toBe(4);
    const a = straight.model.getWeights();
    const b = resumed.model.getWeights();
    a.forEach((w, i) => expect(tf.max(tf.abs(tf.sub(w, b[i]))).dataSync()[0]).toBeLessThan(1e-6));
    const start = buildUnet({ height: 16, width: 32, base: 4, seed: 9 }).getWeights();
    expect(a.some((w, i) => tf.max(tf.abs(tf.sub(w, start[i]))).dataSync()[0] > 1e-4)).toBe(true);
  });

  it('stops at its time budget, and a resume past the budget takes no further step', async () => {
    const opts = tinyTrainOptions(join(scratch, 'budget'), { minutes: 1e-5 });
    const first = await trainUnet(opts, { progress: silentProgress });
    expect(first.state.step).toBe(1);
    const resumed = await trainUnet({ ...opts, resume: true }, { progress: silentProgress });
    expect(resumed.state.step).toBe(1);
    first.model.dispose();
    resumed.model.dispose();
  });

  it('warms up, then decays the learning rate to a fiftieth', () => {
    expect(learningRateAt(0, 0, 1, 10)).toBeCloseTo(0.1);
    expect(learningRateAt(10, 0, 1, 10)).toBeCloseTo(1);
    expect(learningRateAt(500, 0.5, 1, 10)).toBeCloseTo(0.51);
    expect(learningRateAt(999, 1, 1, 10)).toBeCloseTo(0.02);
  });
});
