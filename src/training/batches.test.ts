import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateScene } from '../scenes/generate';
import { replicaBatch, type BatchPlan } from './batches';
import { evidenceBox, makeBatch, unteachable } from './data';
import { makeRng } from './rng';
import { VOID_LABEL, type Scene } from '../scenes/types';

const CAR = 13;
const plan: BatchPlan = { batch: 4, replicas: 2, crop: { height: 16, width: 32 }, sceneSize: { height: 32, width: 64 }, cropsPerScene: 2, seed: 5 };

function labelsOf(batch: { x: tf.Tensor; labels: tf.Tensor }): Int32Array {
  const labels = batch.labels.dataSync() as Int32Array;
  tf.dispose([batch.x, batch.labels]);
  return labels;
}

/** Where a full-height crop of `width` came from (and whether it was mirrored), found by its pixels. */
function cropOrigin(scene: Scene, pixels: ArrayLike<number>, width: number): { left: number; flip: boolean } {
  const y = scene.height >> 1;
  return [false, true]
    .flatMap((flip) => Array.from({ length: scene.width - width + 1 }, (_, left) => ({ flip, left })))
    .find(({ flip, left }) =>
      Array.from({ length: width }, (_, x) => x).every((x) => {
        const sx = flip ? left + width - 1 - x : left + x;
        return Math.abs(pixels[(y * width + x) * 3] - scene.image[(y * scene.width + sx) * 3] / 255) < 1e-6;
      }),
    )!;
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

  it('voids a planted-bias object where the crop cuts its cue off, and focuses on the object with its cue', () => {
    const scenes = Array.from({ length: 30 }, (_, i) => generateScene(3_000_000 + i, { width: 256, height: 128, bias: { name: 'marked-rider' } }));
    const marked = scenes.flatMap((scene) => scene.objects.filter((o) => o.cue).map((object) => ({ scene, object })));
    expect(marked.length).toBeGreaterThan(5);
    const crop = { height: 64, width: 64 };
    for (const { scene, object } of marked) {
      const cue = object.cue!;
      const around = evidenceBox(object);
      expect(around.x0).toBe(Math.min(object.box.x0, cue.x0));
      expect(around.x1).toBe(Math.max(object.box.x1, cue.x1));
      const holding = { top: Math.max(0, Math.min(scene.height - crop.height, cue.y0)), left: Math.max(0, Math.min(scene.width - crop.width, cue.x0)) };
      const holdsCue = cue.x1 <= holding.left + crop.width && cue.y1 <= holding.top + crop.height;
      expect(unteachable(scene, holding.top, holding.left, crop).has(object.id)).toBe(!holdsCue);
      // One pixel to the right of the cue's left edge cuts it off.
      expect(unteachable(scene, holding.top, cue.x0 + 1, crop).has(object.id)).toBe(true);
      const plain = scene.objects.find((o) => !o.cue)!;
      expect(unteachable(scene, holding.top, cue.x0 + 1, crop).has(plain.id)).toBe(false);
    }
  });

  it('voids, in each crop, exactly the marked objects whose cue it cuts off', () => {
    const scene = Array.from({ length: 30 }, (_, i) => generateScene(3_000_000 + i, { width: 256, height: 128, bias: { name: 'marked-rider' } })).find(
      (s) => s.objects.filter((o) => o.cue).length >= 2,
    )!;
    const crop = { height: 128, width: 128 };
    let cutOff = 0;
    for (let seed = 0; seed < 40; seed++) {
      const batch = makeBatch([scene], crop, makeRng(seed));
      const pixels = batch.x.dataSync();
      const labels = labelsOf(batch);
      const origin = cropOrigin(scene, pixels, crop.width);
      const voided = unteachable(scene, 0, origin.left, crop);
      cutOff += voided.size;
      for (let y = 0; y < crop.height; y++) {
        for (let x = 0; x < crop.width; x++) {
          const src = y * scene.width + (origin.flip ? origin.left + crop.width - 1 - x : origin.left + x);
          const expected = voided.has(scene.instances[src]) ? VOID_LABEL : scene.labels[src];
          if (labels[y * crop.width + x] !== expected) throw new Error(`crop ${seed} at (${y}, ${x}): ${labels[y * crop.width + x]} ≠ ${expected}`);
        }
      }
    }
    expect(cutOff).toBeGreaterThan(0);
  });

  it('places about half the focused crops of a biased scene on an object with its cue', () => {
    const CAR = 13;
    const scenes = Array.from({ length: 40 }, (_, i) => generateScene(3_000_000 + i, { width: 256, height: 128, bias: { name: 'marked-rider' } })).filter((s) =>
      s.objects.some((o) => o.cue),
    );
    // The same scenes with the cues' boxes forgotten: crops focus on cars alone.
    const uncued = scenes.map((scene) => ({ ...scene, objects: scene.objects.map(({ cue: _cue, ...o }) => o) }));
    const crop = { height: 128, width: 64 };
    const weights = Array.from({ length: 19 }, (_, c) => (c === CAR ? 1 : 0));
    const shareHoldingACuedObject = (from: Scene[]) => {
      let count = 0;
      for (let round = 0; round < 5; round++) {
        const batch = makeBatch(from, crop, makeRng(100 + round), { probability: 1, weights });
        const pixels = batch.x.dataSync();
        labelsOf(batch);
        from.forEach((scene, b) => {
          const { left } = cropOrigin(scene, pixels.subarray(b * 128 * 64 * 3), crop.width);
          const cuedObjects = scenes[b].objects.filter((o) => o.cue).map(evidenceBox);
          if (cuedObjects.some((box) => box.x0 >= left && box.x1 <= left + crop.width)) count++;
        });
      }
      return count / (5 * from.length);
    };
    const focused = shareHoldingACuedObject(scenes);
    expect(focused).toBeGreaterThan(0.35);
    expect(focused).toBeGreaterThan(1.5 * shareHoldingACuedObject(uncued));
  });
});
