import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import {
  buildDilatedGatedNet,
  buildEspLikeNet,
  buildSequentialNet,
  buildUNet,
  randomInput,
  seededRandom,
} from './testing/randomModels';

// ∂S/∂A from the engine's single backward pass vs. central differences of S when one
// element of the layer's output is perturbed by ±eps (the probe) and the graph re-run.

const EPS = 1e-2;
const TOLERANCE = 1e-2;

interface Case {
  name: string;
  build: () => LayersModel;
  size: [number, number];
}

const CASES: Case[] = [
  { name: 'U-Net (conv, BN, ReLU, max pool, bilinear + nearest upsampling, concat, dropout)', build: () => buildUNet(16, 24).model, size: [16, 24] },
  { name: 'dilated + gated net (dilated, PReLU, ELU, multiply, depthwise, separable, avg pool, transposed, crop/pad, softmax layer)', build: () => buildDilatedGatedNet(), size: [8, 12] },
  { name: 'Sequential net (strided conv/depthwise, non-square bilinear 2×3, valid transposed, softmax activation)', build: () => buildSequentialNet(), size: [8, 12] },
  { name: 'ESPNet-like net (input pyramid, padded strided conv, dilated branches, shared layer, max pool same)', build: () => buildEspLikeNet(), size: [8, 16] },
];

/** A few central output pixels: a small M keeps float32 cancellation low (docs/tfjs-pitfalls.md, 8). */
function centralMask(height: number, width: number): Uint8Array {
  const mask = new Uint8Array(height * width);
  const r = Math.floor(height / 2);
  const c = Math.floor(width / 2);
  mask[r * width + c] = 1;
  mask[r * width + c - 1] = 1;
  mask[(r - 1) * width + c] = 1;
  return mask;
}

function oneHot(shape: [number, number, number], index: number, value: number): tf.Tensor {
  const data = new Float32Array(shape[0] * shape[1] * shape[2]);
  data[index] = value;
  return tf.tensor(data, [1, ...shape]);
}

describe.each(['cpu', 'wasm'] as const)('finite differences on %s', (backend) => {
  beforeAll(async () => {
    await initBackend(backend);
  });

  it.each(CASES)('$name', async ({ build, size }) => {
    const model = build();
    const explainer = Explainer.create(model);
    const input = randomInput(size[0], size[1], 11);
    // the replay is the model: same outputs as tfjs-layers' own predict
    const ours = explainer.predict(input);
    const theirs = model.predict(input) as tf.Tensor;
    const comparable = model.name === 'esp_like' || model.name === 'unet' ? ours : tf.softmax(ours);
    expect(tf.max(tf.abs(tf.sub(comparable, theirs))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([ours, theirs, comparable]);

    const target = { classIndex: 1, mask: centralMask(explainer.outputSize.height, explainer.outputSize.width) };
    const { layers } = await explainer.gradients(input, target);
    const s0 = explainer.score(input, target);
    const random = seededRandom(7);
    let checkedLayers = 0;
    for (const { layer, shape, gradient } of layers) {
      const byMagnitude = [...gradient.keys()].sort((a, b) => Math.abs(gradient[b]) - Math.abs(gradient[a]));
      const indices = [...byMagnitude.slice(0, 3), Math.floor(random() * gradient.length)];
      const numeric: number[] = [];
      const analytic: number[] = [];
      for (const index of indices) {
        const plus = oneHot(shape, index, EPS);
        const minus = oneHot(shape, index, -EPS);
        const sPlus = explainer.score(input, target, { [layer]: plus });
        const sMinus = explainer.score(input, target, { [layer]: minus });
        tf.dispose([plus, minus]);
        // At a kink (ReLU at 0, a max-pool tie) the derivative is undefined: skip.
        const kinked = Math.abs(sPlus - s0 - (s0 - sMinus)) > 0.05 * Math.abs(sPlus - sMinus) + 1e-5;
        if (kinked) continue;
        numeric.push((sPlus - sMinus) / (2 * EPS));
        analytic.push(gradient[index]);
      }
      const norm = Math.hypot(...analytic);
      if (analytic.length < 2 || norm === 0) continue;
      const error = Math.hypot(...numeric.map((n, i) => n - analytic[i])) / norm;
      expect(error, `layer ${layer}: numeric ${numeric} vs engine ${analytic}`).toBeLessThan(TOLERANCE);
      checkedLayers++;
    }
    // nearly every layer carries gradient to the target in these models
    expect(checkedLayers).toBeGreaterThanOrEqual(layers.length - 3);
    input.dispose();
  });
});
