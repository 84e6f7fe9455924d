import * as tf from '@tensorflow/tfjs-core';
import type { Scene } from '../scenes/types';
import { UNET_NUM_CLASSES } from '../model/unet';

export interface Crop {
  height: number;
  width: number;
}

/** A training batch: x in 0..1 (the descriptor's mean 0 / std 255), labels int32 with 255 = void. */
export interface Batch {
  x: tf.Tensor4D;
  labels: tf.Tensor3D;
}

/**
 * Crops centred near objects of rare classes: with `probability`, a crop is placed around an
 * object of a class picked among those in the scene with chance ∝ weights[class] (the loss's class
 * weights), instead of anywhere. Small, rare objects (riders, bicycles, trains) are otherwise in
 * few random crops; picking the class first keeps numerous objects (poles, cars) from crowding them out.
 */
export interface CropFocus {
  probability: number;
  weights: number[];
}

function pickObjectBox(scene: Scene, focus: CropFocus, random: () => number): Scene['objects'][number]['box'] | undefined {
  const byClass = new Map<number, Scene['objects']>();
  for (const o of scene.objects) {
    if (o.box.x1 <= o.box.x0 || o.box.y1 <= o.box.y0 || !(focus.weights[o.classId] > 0)) continue;
    byClass.set(o.classId, [...(byClass.get(o.classId) ?? []), o]);
  }
  const classes = [...byClass.keys()];
  const total = classes.reduce((sum, c) => sum + focus.weights[c], 0);
  if (total <= 0) return undefined;
  let u = random() * total;
  const picked = classes.find((c) => (u -= focus.weights[c]) <= 0) ?? classes[classes.length - 1];
  const objects = byClass.get(picked)!;
  return objects[Math.min(objects.length - 1, Math.floor(random() * objects.length))].box;
}

/** Top (or left) of a crop of `size` in `extent` that holds `centre`, at a random place around it. */
function offsetAround(centre: number, size: number, extent: number, random: () => number): number {
  const start = Math.round(centre - size * (0.2 + 0.6 * random()));
  return Math.min(extent - size, Math.max(0, start));
}

/**
 * Cuts one random crop (and a random horizontal flip) from each scene. The U-Net is fully
 * convolutional, so half-size crops train the same weights ~4× cheaper than whole scenes.
 */
export function makeBatch(scenes: Scene[], crop: Crop, random: () => number, focus?: CropFocus): Batch {
  const n = scenes.length;
  const { height: h, width: w } = crop;
  const pixels = new Float32Array(n * h * w * 3);
  const labels = new Int32Array(n * h * w);
  scenes.forEach((scene, b) => {
    if (scene.height < h || scene.width < w) throw new Error(`scene ${scene.width}×${scene.height} smaller than crop`);
    const box = focus && random() < focus.probability ? pickObjectBox(scene, focus, random) : undefined;
    const top = box
      ? offsetAround((box.y0 + box.y1) / 2, h, scene.height, random)
      : Math.floor(random() * (scene.height - h + 1));
    const left = box
      ? offsetAround((box.x0 + box.x1) / 2, w, scene.width, random)
      : Math.floor(random() * (scene.width - w + 1));
    const flip = random() < 0.5;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sx = flip ? left + w - 1 - x : left + x;
        const src = (top + y) * scene.width + sx;
        const dst = (b * h + y) * w + x;
        labels[dst] = scene.labels[src];
        pixels[dst * 3] = scene.image[src * 3] / 255;
        pixels[dst * 3 + 1] = scene.image[src * 3 + 1] / 255;
        pixels[dst * 3 + 2] = scene.image[src * 3 + 2] / 255;
      }
    }
  });
  return { x: tf.tensor4d(pixels, [n, h, w, 3]), labels: tf.tensor3d(labels, [n, h, w], 'int32') };
}

/** Scenes in groups of `size` (the last may be smaller), for batched inference. */
export function* inBatches(scenes: Iterable<Scene>, size: number): Generator<Scene[]> {
  let batch: Scene[] = [];
  for (const scene of scenes) {
    batch.push(scene);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** Whole scenes as model input (for evaluation), scaled like training. */
export function scenesToInput(scenes: Scene[]): tf.Tensor4D {
  const { height, width } = scenes[0];
  const pixels = new Float32Array(scenes.length * height * width * 3);
  scenes.forEach((s, b) => {
    const offset = b * height * width * 3;
    for (let i = 0; i < s.image.length; i++) pixels[offset + i] = s.image[i] / 255;
  });
  return tf.tensor4d(pixels, [scenes.length, height, width, 3]);
}

/** Share of labelled pixels per class (void excluded). */
export function classFrequency(scenes: Scene[], numClasses = UNET_NUM_CLASSES): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  let total = 0;
  for (const s of scenes) {
    for (const label of s.labels) {
      if (label < numClasses) {
        counts[label]++;
        total++;
      }
    }
  }
  return counts.map((c) => (total > 0 ? c / total : 0));
}
