import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { buildUNet, randomInput, runStages } from './testing/randomModels';

// The engine on the whole U-Net vs. an independent computation: cut the U-Net at a layer
// into two tfjs models (skip tensors become extra outputs of the first and extra inputs of
// the second) and differentiate the second with plain tf.grads.

beforeAll(async () => {
  await initBackend('cpu');
});

// Square, because the reference differentiates tfjs's own resizeBilinear, whose cpu
// gradient is wrong for non-square maps (docs/tfjs-pitfalls.md, 5; the engine avoids it).
const HEIGHT = 16;
const WIDTH = 16;
const CLASS = 2;

function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < b.length; i++) {
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] ** 2;
  }
  return Math.sqrt(diff / norm);
}

function targetMask(): Uint8Array {
  const mask = new Uint8Array(HEIGHT * WIDTH);
  for (let r = 4; r < 9; r++) for (let c = 5; c < 12; c++) mask[r * WIDTH + c] = 1;
  return mask;
}

describe('agreement with split sub-models', () => {
  it('α and raw match at several layers within 1e-4', async () => {
    const { model, stages } = buildUNet(HEIGHT, WIDTH, 21);
    const input = randomInput(HEIGHT, WIDTH, 22);
    const mask = targetMask();
    const maskTensor = tf.tensor4d(Float32Array.from(mask), [1, HEIGHT, WIDTH, 1]);
    const cuts = ['enc1_conv', 'enc2_bn', 'enc2_relu', 'pool2', 'bottleneck', 'dec2_conv', 'cat1'];

    const reference = cuts.map((cut) => {
      const k = stages.findIndex((s) => s.name === cut);
      const image = tfl.input({ shape: [HEIGHT, WIDTH, 3] });
      const first = runStages(stages, 0, k + 1, image, []);
      // the cut layer may itself be a skip source: then it feeds the decoder twice
      const cutIsSkip = first.skips.length > 0 && first.skips[first.skips.length - 1] === first.x;
      const part1 = tfl.model({ inputs: image, outputs: cutIsSkip ? first.skips : [first.x, ...first.skips] });
      const xIn = tfl.input({ shape: first.x.shape.slice(1) as number[] });
      const skipIns = first.skips.map((s) => tfl.input({ shape: s.shape.slice(1) as number[] }));
      const second = runStages(stages, k + 1, stages.length, xIn, skipIns);
      const part2 = tfl.model({ inputs: [xIn, ...skipIns], outputs: second.x as SymbolicTensor });

      return tf.tidy(() => {
        const predicted = part1.predict(input);
        const parts = Array.isArray(predicted) ? predicted : [predicted];
        const cutOutput = cutIsSkip ? parts[parts.length - 1] : parts[0];
        const skips = cutIsSkip ? parts : parts.slice(1);
        const S = (x: tf.Tensor) => {
          const skipValues = cutIsSkip ? [...skips.slice(0, -1), x] : skips;
          const logits = part2.apply([x, ...skipValues], { training: false }) as tf.Tensor4D;
          return tf.sum(tf.mul(tf.slice(logits, [0, 0, 0, CLASS], [1, HEIGHT, WIDTH, 1]), maskTensor));
        };
        const gradient = tf.grad(S)(cutOutput);
        const k = gradient.shape[3] as number;
        const alpha = tf.mean(tf.reshape(gradient, [-1, k]), 0);
        const raw = tf.sum(tf.mul(tf.reshape(cutOutput, [-1, k]), alpha), 1);
        return { cut, alpha: alpha.dataSync().slice(), raw: raw.dataSync().slice() };
      });
    });

    // built after the parts: its layers now have several inbound nodes each
    const explainer = Explainer.create(model);
    const [explanation] = await explainer.explain(input, { classIndex: CLASS, mask });
    for (const { cut, alpha, raw } of reference) {
      const layer = explanation.layers.find((l) => l.layer === cut);
      expect(layer, cut).toBeDefined();
      expect(relativeDifference(layer!.alpha, alpha), `α at ${cut}`).toBeLessThan(1e-4);
      expect(relativeDifference(layer!.raw, raw), `raw at ${cut}`).toBeLessThan(1e-4);
    }
    tf.dispose([input, maskTensor]);
  });

  it('one pass over all layers equals separate per-layer passes', async () => {
    const { model } = buildUNet(HEIGHT, WIDTH, 31);
    const explainer = Explainer.create(model);
    const input = randomInput(HEIGHT, WIDTH, 32);
    const target = { classIndex: 1, mask: targetMask() };
    const methods = ['seg-grad-cam', 'grad-cam-pp'] as const;
    const all = await explainer.explain(input, target, { methods: [...methods] });
    for (const layer of explainer.layers) {
      const single = await explainer.explain(input, target, { layers: [layer.name], methods: [...methods] });
      single.forEach((explanation, m) => {
        const fromAll = all[m].layers.find((l) => l.layer === layer.name)!;
        const alone = explanation.layers[0];
        expect(alone.layer).toBe(layer.name);
        expect(relativeDifference(fromAll.alpha, alone.alpha), layer.name).toBeLessThan(1e-6);
        expect(relativeDifference(fromAll.raw, alone.raw), layer.name).toBeLessThan(1e-6);
      });
    }
    input.dispose();
  });
});
