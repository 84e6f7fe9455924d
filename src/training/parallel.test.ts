import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildUnet } from '../model/unet';
import { initNodeBackend } from './backend';
import { replicaBatch, type BatchPlan } from './batches';
import { GradientPeer } from './gradientPeer';
import { applyMeanGradients, assignFlat, batchGradients, flattenVariables, trainableVariables } from './gradients';
import { segmentationLoss } from './losses';
import { silentProgress, tinyTrainOptions } from './testOptions';
import { trainUnet } from './trainLoop';

const plan: BatchPlan = { batch: 4, replicas: 2, crop: { height: 16, width: 32 }, sceneSize: { height: 32, width: 64 }, cropsPerScene: 2, seed: 5 };
const classWeightValues = Array.from({ length: 19 }, (_, c) => 1 + (c % 5));
const scratch = mkdtempSync(join(tmpdir(), 'unet-parallel-'));

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

describe('data-parallel training', () => {
  let classWeights: tf.Tensor1D;
  beforeAll(async () => {
    await initNodeBackend('wasm');
    classWeights = tf.tensor1d(classWeightValues);
  });
  afterAll(() => {
    classWeights.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('flat gradients follow the trainable weights: one SGD step through them equals optimizer.minimize', () => {
    const batch = replicaBatch(plan, 0, 0);
    const reference = buildUnet({ height: 16, width: 32, base: 4, seed: 3 });
    const viaFlat = buildUnet({ height: 16, width: 32, base: 4, seed: 3 });
    const referenceVariables = trainableVariables(reference);
    const flatVariables = trainableVariables(viaFlat);
    const sgd = tf.train.sgd(0.1);
    sgd.minimize(() => segmentationLoss(reference.apply(batch.x, { training: true }) as tf.Tensor4D, batch.labels, classWeights, 0.5), false, referenceVariables);
    const sgd2 = tf.train.sgd(0.1);
    applyMeanGradients(sgd2, flatVariables, [batchGradients(viaFlat, flatVariables, batch, classWeights, 0.5)]);
    const before = flattenVariables(trainableVariables(buildUnet({ height: 16, width: 32, base: 4, seed: 3 })));
    const after = flattenVariables(flatVariables);
    expect(maxAbsDiff(after, flattenVariables(referenceVariables))).toBeLessThan(1e-6);
    expect(maxAbsDiff(after, before)).toBeGreaterThan(1e-4);
    tf.dispose([batch.x, batch.labels]);
    sgd.dispose();
    sgd2.dispose();
  });

  it('applies the mean of the threads’ gradients', () => {
    const model = buildUnet({ height: 16, width: 32, base: 4, seed: 3 });
    const variables = trainableVariables(model);
    const parts = [0, 1].map((rank) => {
      const batch = replicaBatch(plan, 1, rank);
      const part = batchGradients(model, variables, batch, classWeights, 0.5);
      tf.dispose([batch.x, batch.labels]);
      return part;
    });
    const before = flattenVariables(variables);
    const loss = applyMeanGradients(tf.train.sgd(1), variables, parts);
    const after = flattenVariables(variables);
    const expected = before.map((w, i) => w - (parts[0].grads[i] + parts[1].grads[i]) / 2);
    expect(maxAbsDiff(after, expected)).toBeLessThan(1e-5);
    expect(loss).toBeCloseTo((parts[0].loss + parts[1].loss) / 2, 6);
  });

  it('a worker thread computes exactly the gradients of its part of the batch', async () => {
    const model = buildUnet({ height: 16, width: 32, base: 4, seed: 3 });
    const variables = trainableVariables(model);
    const weights = flattenVariables(variables).map((w, i) => w * (1 + 0.01 * Math.sin(i)));
    assignFlat(variables, weights);
    const peer = await GradientPeer.start({ plan, rank: 1, base: 4, modelSeed: 3, diceWeight: 0.5, classWeights: classWeightValues });
    try {
      const theirs = await peer.gradients(2, weights.slice());
      const batch = replicaBatch(plan, 2, 1);
      const mine = batchGradients(model, variables, batch, classWeights, 0.5);
      tf.dispose([batch.x, batch.labels]);
      expect(theirs.grads.length).toBe(mine.grads.length);
      expect(maxAbsDiff(theirs.grads, mine.grads)).toBeLessThan(1e-6);
      expect(theirs.loss).toBeCloseTo(mine.loss, 6);
    } finally {
      await peer.close();
    }
  }, 60_000);

  it('trains on two threads end to end and keeps no tensors behind', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const { model, state } = await trainUnet(tinyTrainOptions(join(scratch, 'two'), { steps: 3, batch: 4, threads: 2, checkpointEvery: 10 }), {
      progress: silentProgress,
    });
    expect(state.step).toBe(3);
    const untrained = buildUnet({ height: 16, width: 32, base: 4, seed: 9 });
    const start = flattenVariables(trainableVariables(untrained));
    expect(maxAbsDiff(flattenVariables(trainableVariables(model)), start)).toBeGreaterThan(1e-4);
    untrained.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  }, 60_000);
});
