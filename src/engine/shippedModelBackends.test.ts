import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelFromDisk } from '../model/loadModelNode';
import { generateScene } from '../scenes/generate';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { toModelInput } from './preprocess';
import { disagreements, explainAll } from './testing/conformance';
import type { Explanation } from './types';

// The shipped U-Net on a street scene, wasm against cpu, at the layers that feed a max pool
// (enc1–enc4: relative L2 0.13–0.82 apart before the engine's MaxPoolGrad kernel) and two more.

const MODEL = fileURLToPath(new URL('../../public/models/unet-streets/model.json', import.meta.url));
const LAYERS = ['enc1', 'enc2', 'enc3', 'enc4', 'bottleneck', 'dec1'];
const CAR = 13;

async function explainOn(backend: 'cpu' | 'wasm'): Promise<Explanation[]> {
  await initBackend(backend);
  const { model, descriptor } = await loadModelFromDisk(MODEL);
  const { height, width } = descriptor.input;
  const scene = generateScene(330, { width, height });
  const explainer = Explainer.create(model, { inputSize: descriptor.input, output: descriptor.output });
  const input = toModelInput(scene.image, height, width, 3, descriptor.preprocess);
  try {
    const mask = Uint8Array.from(scene.labels, (label) => (label === CAR ? 1 : 0));
    expect(mask.some((v) => v === 1)).toBe(true);
    return await explainAll(explainer, input, { classIndex: CAR, mask }, LAYERS);
  } finally {
    tf.dispose(input);
    explainer.dispose();
    model.dispose();
  }
}

afterAll(async () => {
  await initBackend('cpu');
});

describe('the shipped U-Net', () => {
  it('gives the same six maps and α on wasm as on cpu at enc1–enc4, bottleneck and dec1', async () => {
    const cpu = await explainOn('cpu');
    const wasm = await explainOn('wasm');
    const found = disagreements(wasm, cpu);
    const isPP = (d: { where: string }) => d.where.startsWith('grad-cam-pp');
    expect(found.filter((d) => !isPP(d) && !(d.relative <= 1e-5)).slice(0, 3)).toEqual([]);
    expect(found.filter((d) => isPP(d) && !(d.relative <= 1e-4)).slice(0, 3)).toEqual([]);
    expect(found.length).toBeGreaterThan(LAYERS.length * 6);
  });
});
