// The planted-bias test: on held-out biased scenes, does a model's explanation of the affected
// class put its mass on the cue, and does removing the cue change the model's prediction?
import * as tf from '@tensorflow/tfjs-core';
import { boxRegion } from '../metrics/baselines';
import { energyInRegion } from '../metrics/localisation';
import { methodFence, outputRawOf } from '../engine/methodFences';
import { toModelInput } from '../engine/preprocess';
import { upsampledCam } from '../imaging/upsampleMap';
import { generateScene } from '../scenes/generate';
import type { BiasName, Scene, SceneObject } from '../scenes/types';
import { key, MeanTable } from './accumulator';
import { LAYER_METHODS, type SweepContext } from './sweep';

export interface BiasCase {
  scene: Scene;
  object: SceneObject;
  /** The object's pixels (M). */
  mask: Uint8Array;
  /** The cue's box as a region. */
  cue: Uint8Array;
  cueAreaShare: number;
}

/** Marked objects of the affected class whose cue is visible, with at least `minPixels` pixels. */
export function biasCases(seeds: number[], bias: BiasName, classIndex: number, size: { height: number; width: number }, minPixels = 12): BiasCase[] {
  const cases: BiasCase[] = [];
  for (const seed of seeds) {
    const scene = generateScene(seed, { ...size, bias: { name: bias } });
    for (const object of scene.objects) {
      if (object.classId !== classIndex || !object.cue) continue;
      const mask = Uint8Array.from(scene.instances, (v) => (v === object.id ? 1 : 0));
      if (mask.reduce((a, b) => a + b, 0) < minPixels) continue;
      const cue = boxRegion([object.cue], size.height, size.width);
      cases.push({ scene, object, mask, cue, cueAreaShare: cue.reduce((a, b) => a + b, 0) / cue.length });
    }
  }
  return cases;
}

/** model|method|layer → mean of (energy share on the cue ÷ the cue's area share). */
export async function cueEnergy(ctx: SweepContext, cases: BiasCase[], classIndex: number, layers: string[], table: MeanTable, label: string, onCase?: () => void): Promise<void> {
  const { height: H, width: W } = ctx.descriptor.input;
  for (const c of cases) {
    const input = toModelInput(c.scene.image, H, W, 3, ctx.descriptor.preprocess);
    try {
      const exps = await ctx.explainer.explain(input, { classIndex, mask: c.mask }, { layers, methods: [...LAYER_METHODS, 'saliency'] });
      const outputLayer = ctx.explainer.layers.at(-1)?.name;
      for (const e of exps) {
        const outputRaw = outputRawOf(e.layers, outputLayer);
        for (const l of e.layers) {
          const layer = e.method === 'saliency' ? 'input' : l.layer;
          table.add(key(label, e.method, layer), energyInRegion(upsampledCam(l, e.input), c.cue).ratio);
          const fence = methodFence(e.method, l, { mask: c.mask, outputSize: ctx.explainer.outputSize, isOutput: l.layer === outputLayer, outputRaw });
          table.add(key(label, e.method, layer, 'fenced'), fence ? 1 : 0);
        }
      }
    } finally {
      input.dispose();
    }
    onCase?.();
  }
}

export interface CueRemoval {
  /** Mean share of the object's pixels predicted as the affected class, cue shown / hidden. */
  withCue: number;
  withoutCue: number;
  /** Cases where the majority prediction on the object changed when the cue was hidden. */
  changed: number;
  cases: number;
}

/** The same scenes painted without the cue (labels unchanged): is the cue what makes the class? */
export function cueRemoval(ctx: SweepContext, cases: BiasCase[], bias: BiasName, classIndex: number): CueRemoval {
  const { height: H, width: W } = ctx.descriptor.input;
  let withCue = 0;
  let withoutCue = 0;
  let changed = 0;
  for (const c of cases) {
    const hidden = generateScene(c.scene.seed, { height: H, width: W, bias: { name: bias, hideCue: true } });
    const shares = [c.scene.image, hidden.image].map((image) =>
      tf.tidy(() => {
        const predicted = tf.argMax(ctx.model.predict(toModelInput(image, H, W, 3, ctx.descriptor.preprocess)) as tf.Tensor4D, -1).dataSync();
        let hit = 0;
        let n = 0;
        c.mask.forEach((m, i) => {
          if (!m) return;
          n++;
          if (predicted[i] === classIndex) hit++;
        });
        return hit / n;
      }),
    );
    withCue += shares[0];
    withoutCue += shares[1];
    if (shares[0] > 0.5 !== shares[1] > 0.5) changed++;
  }
  const n = Math.max(1, cases.length);
  return { withCue: withCue / n, withoutCue: withoutCue / n, changed, cases: cases.length };
}
