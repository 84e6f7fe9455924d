// What the evaluation explains in a scene: M = one pixel, one object, one whole class, each with
// the ground-truth evidence it should point at.
import type { Scene, SceneObject } from '../scenes/types';

export type TargetKind = 'pixel' | 'object' | 'class';
export const TARGET_KINDS: readonly TargetKind[] = ['pixel', 'object', 'class'];

export interface EvalTarget {
  kind: TargetKind;
  classIndex: number;
  /** M at the scene's resolution (the U-Net's output equals its input). */
  mask: Uint8Array;
  /** Ground-truth pixels the explanation should point at: the object (pixel, object) or the class. */
  evidence: Uint8Array;
  object: SceneObject;
}

/** Object classes whose instances are explained (Cityscapes "things"). */
export const THING_CLASSES = [11, 12, 13, 14, 15, 16, 17, 18];

function objectPixels(scene: Scene, id: number): Uint8Array {
  return Uint8Array.from(scene.instances, (v) => (v === id ? 1 : 0));
}

/** The pixel of the object nearest its pixels' centroid (always on the object). */
function centralPixel(pixels: Uint8Array, width: number): Uint8Array {
  let sx = 0;
  let sy = 0;
  let n = 0;
  pixels.forEach((v, i) => {
    if (!v) return;
    sx += i % width;
    sy += Math.floor(i / width);
    n++;
  });
  const cx = sx / n;
  const cy = sy / n;
  let best = -1;
  let bestD = Infinity;
  pixels.forEach((v, i) => {
    if (!v) return;
    const d = (i % width - cx) ** 2 + (Math.floor(i / width) - cy) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  });
  const out = new Uint8Array(pixels.length);
  out[best] = 1;
  return out;
}

/**
 * The scene's largest visible object of a thing class (at least `minPixels` pixels), as three
 * targets: its central pixel, its pixels, and every pixel of its class. None when no object fits.
 */
export function pickTargets(scene: Scene, minPixels = 40, classes = THING_CLASSES): EvalTarget[] {
  let best: { object: SceneObject; pixels: Uint8Array; count: number } | null = null;
  for (const object of scene.objects) {
    if (!classes.includes(object.classId)) continue;
    const pixels = objectPixels(scene, object.id);
    const count = pixels.reduce((a, b) => a + b, 0);
    if (count >= minPixels && (!best || count > best.count)) best = { object, pixels, count };
  }
  if (!best) return [];
  const { object, pixels } = best;
  const classPixels = Uint8Array.from(scene.labels, (l) => (l === object.classId ? 1 : 0));
  return [
    { kind: 'pixel', classIndex: object.classId, mask: centralPixel(pixels, scene.width), evidence: pixels, object },
    { kind: 'object', classIndex: object.classId, mask: pixels, evidence: pixels, object },
    { kind: 'class', classIndex: object.classId, mask: classPixels, evidence: classPixels, object },
  ];
}

/**
 * Another visible object of the scene for target randomisation: the largest one of a thing
 * class, other than `object`, with at least `minPixels` pixels; its pixels as M. Null if none.
 */
export function anotherObject(scene: Scene, object: SceneObject, minPixels = 20, classes = THING_CLASSES): { classIndex: number; mask: Uint8Array } | null {
  let best: { classIndex: number; mask: Uint8Array; count: number } | null = null;
  for (const other of scene.objects) {
    if (other.id === object.id || !classes.includes(other.classId)) continue;
    const mask = objectPixels(scene, other.id);
    const count = mask.reduce((a, b) => a + b, 0);
    if (count >= minPixels && (!best || count > best.count)) best = { classIndex: other.classId, mask, count };
  }
  return best && { classIndex: best.classIndex, mask: best.mask };
}
