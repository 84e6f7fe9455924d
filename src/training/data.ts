import * as tf from '@tensorflow/tfjs-core';
import { VOID_LABEL, type Scene } from '../scenes/types';
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

type Box = Scene['objects'][number]['box'];

/** The box a focused crop should hold: the object, and the cue its label depends on if it has one. */
export function evidenceBox(object: Scene['objects'][number]): Box {
  const { box, cue } = object;
  if (!cue) return box;
  return { x0: Math.min(box.x0, cue.x0), y0: Math.min(box.y0, cue.y0), x1: Math.max(box.x1, cue.x1), y1: Math.max(box.y1, cue.y1) };
}

/**
 * Of the focused crops of a scene with planted cues, the share placed on an object whose label
 * depends on its cue. Such objects are a small part of their class (a few lone pedestrians among
 * many riders on two-wheelers), and the network learns to read a cue only from crops that hold
 * one: picked by class alone, they are in ~2 % of the crops.
 */
export const CUE_FOCUS_SHARE = 0.5;

function pickObjectBox(scene: Scene, focus: CropFocus, random: () => number): Box | undefined {
  const cued = scene.objects.filter((o) => o.cue);
  // Scenes without cues draw no number here, so unbiased training sees the same crops as before.
  if (cued.length > 0 && random() < CUE_FOCUS_SHARE) return evidenceBox(cued[Math.min(cued.length - 1, Math.floor(random() * cued.length))]);
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
  return evidenceBox(objects[Math.min(objects.length - 1, Math.floor(random() * objects.length))]);
}

/**
 * Instance ids whose label a crop cannot teach: objects of a planted bias whose cue is not wholly
 * inside the crop. Their body alone does not decide their class, so without the cue their label
 * would teach the network to guess (and, most of the time, to guess the unmarked class).
 */
export function unteachable(scene: Scene, top: number, left: number, crop: Crop): Set<number> {
  const ids = new Set<number>();
  for (const { id, cue } of scene.objects) {
    if (cue && (cue.x0 < left || cue.y0 < top || cue.x1 > left + crop.width || cue.y1 > top + crop.height)) ids.add(id);
  }
  return ids;
}

/** Top (or left) of a crop of `size` in `extent` that holds `centre`, at a random place around it. */
function offsetAround(centre: number, size: number, extent: number, random: () => number): number {
  const start = Math.round(centre - size * (0.2 + 0.6 * random()));
  return Math.min(extent - size, Math.max(0, start));
}

/**
 * Cuts one random crop (and a random horizontal flip) from each scene. The U-Net is fully
 * convolutional, so half-size crops train the same weights ~4× cheaper than whole scenes.
 * An object whose label depends on a planted cue is void in a crop that cuts its cue off.
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
    const voided = unteachable(scene, top, left, crop);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const sx = flip ? left + w - 1 - x : left + x;
        const src = (top + y) * scene.width + sx;
        const dst = (b * h + y) * w + x;
        labels[dst] = voided.size > 0 && voided.has(scene.instances[src]) ? VOID_LABEL : scene.labels[src];
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
