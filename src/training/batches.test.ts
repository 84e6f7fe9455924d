import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateScene } from '../scenes/generate';
import { replicaBatch, type BatchPlan } from './batches';
import { makeBatch } from './data';
import { makeRng } from './rng';

const CAR = 13;
const plan: BatchPlan = { batch: 4, replicas: 2, crop: { height: 16, width: 32 }, sceneSize: { height: 32, width: 64 }, cropsPerScene: 2, seed: 5 };

function labelsOf(batch: { x: tf.Tensor; labels: tf.Tensor }): Int32Array {
  const labels = batch.labels.dataSync() as Int32Array;
  tf.dispose([batch.x, batch.labels]);
  return labels;
}

describe('training batches', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives each thread its own part of a step, the same on every call', () => {
    const first = labelsOf(replicaBatch(plan, 3, 0));
    expect(labelsOf(replicaBatch(plan, 3, 0))).toEqual(first);
    expect(labelsOf(replicaBatch(plan, 3, 1))).not.toEqual(first);
    expect(first.length).toBe(2 * 16 * 32);
  });

  it('refuses a batch that does not split over the threads', () => {
    expect(() => replicaBatch({ ...plan, batch: 5 }, 0, 0)).toThrow('does not split');
  });

  it('places focused crops around an object of the weighted class', () => {
    const scenes = Array.from({ length: 40 }, (_, i) => generateScene(2_000_000 + i, { width: 256, height: 128 })).filter((s) =>
      s.objects.some((o) => o.classId === CAR),
    );
    expect(scenes.length).toBeGreaterThan(20);
    const crop = { height: 24, width: 48 };
    const weights = Array.from({ length: 19 }, (_, c) => (c === CAR ? 1 : 0));
    const cropsWithCar = (focus: boolean) => {
      const labels = labelsOf(makeBatch(scenes, crop, makeRng(7), focus ? { probability: 1, weights } : undefined));
      const size = crop.height * crop.width;
      return scenes.filter((_, b) => labels.subarray(b * size, (b + 1) * size).includes(CAR)).length;
    };
    expect(cropsWithCar(true)).toBe(scenes.length);
    expect(cropsWithCar(false)).toBeLessThan(scenes.length);
  });
});
