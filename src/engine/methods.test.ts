import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { buildUNet, randomInput } from './testing/randomModels';
import { METHODS, type Method } from './types';
import { upsampleBilinear, upsampledCam } from '../imaging/upsampleMap';

// Each method recomputed directly, in plain loops, from the activations A and gradients
// ∂S/∂A that the same engine pass exposes.

beforeAll(async () => {
  await initBackend('cpu');
});

type Maps = { alpha: number[]; raw: number[] };

function direct(method: Exclude<Method, 'saliency'>, A: Float32Array, G: Float32Array, n: number, k: number): Maps {
  const at = (arr: Float32Array, p: number, c: number) => arr[p * k + c];
  const channelSum = (f: (p: number, c: number) => number) =>
    Array.from({ length: k }, (_, c) => {
      let s = 0;
      for (let p = 0; p < n; p++) s += f(p, c);
      return s;
    });
  const positionSum = (f: (p: number, c: number) => number) =>
    Array.from({ length: n }, (_, p) => {
      let s = 0;
      for (let c = 0; c < k; c++) s += f(p, c);
      return s;
    });
  const weighted = (alpha: number[]) => positionSum((p, c) => alpha[c] * at(A, p, c));
  const meanGrad = channelSum((p, c) => at(G, p, c) / n);
  switch (method) {
    case 'seg-grad-cam':
      return { alpha: meanGrad, raw: weighted(meanGrad) };
    case 'hires-cam':
      return { alpha: meanGrad, raw: positionSum((p, c) => at(G, p, c) * at(A, p, c)) };
    case 'layer-cam':
      return {
        alpha: channelSum((p, c) => Math.max(at(G, p, c), 0) / n),
        raw: positionSum((p, c) => Math.max(at(G, p, c), 0) * at(A, p, c)),
      };
    case 'grad-cam-pp': {
      const sumA = channelSum((p, c) => at(A, p, c));
      const alpha = channelSum((p, c) => {
        const g = at(G, p, c);
        if (g === 0) return 0;
        const aij = g ** 2 / (2 * g ** 2 + sumA[c] * g ** 3 + 1e-6);
        return Math.max(g, 0) * aij;
      });
      return { alpha, raw: weighted(alpha) };
    }
    case 'xgrad-cam': {
      const sumA = channelSum((p, c) => at(A, p, c));
      const alpha = channelSum((p, c) => (at(G, p, c) * at(A, p, c)) / (sumA[c] + 1e-7));
      return { alpha, raw: weighted(alpha) };
    }
  }
}

function closeTo(actual: ArrayLike<number>, expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  const scale = Math.max(1e-12, ...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]) / scale, `${label}[${i}]`).toBeLessThan(1e-4);
  }
}

describe('CAM methods', () => {
  it('match a direct recomputation from A and ∂S/∂A at every layer', async () => {
    const { model } = buildUNet(16, 24, 41);
    const explainer = Explainer.create(model);
    const input = randomInput(16, 24, 42);
    const mask = new Uint8Array(16 * 24);
    for (let i = 150; i < 160; i++) mask[i] = 1;
    const target = { classIndex: 3, mask };
    const layerMethods = METHODS.filter((m): m is Exclude<Method, 'saliency'> => m !== 'saliency');
    const explanations = await explainer.explain(input, target, { methods: [...layerMethods] });
    const { layers, score } = await explainer.gradients(input, target);
    expect(explanations.map((e) => e.method)).toEqual(layerMethods);
    for (const explanation of explanations) {
      expect(explanation.score).toBeCloseTo(score, 5);
      expect(explanation.maskSize).toBe(10);
      layers.forEach(({ layer, shape, activation, gradient }, i) => {
        const [h, w, k] = shape;
        const result = explanation.layers[i];
        expect(result.layer).toBe(layer);
        const expected = direct(explanation.method as Exclude<Method, 'saliency'>, activation, gradient, h * w, k);
        closeTo(result.alpha, expected.alpha, `${explanation.method} α ${layer}`);
        closeTo(result.raw, expected.raw, `${explanation.method} raw ${layer}`);
        const cam = expected.raw.map((v) => Math.max(v, 0));
        closeTo(result.cam, cam, `${explanation.method} cam ${layer}`);
        expect(result.rawMax).toBeCloseTo(Math.max(...result.raw), 6);
        expect(result.camMax).toBeCloseTo(Math.max(0, ...result.cam), 6);
        expect(upsampledCam(result, { height: 16, width: 24 })).toEqual(h === 16 && w === 24 ? result.cam : upsampleBilinear(result.cam, h, w, 16, 24));
        // plain data: a structured clone (the worker boundary) upsamples to the same map
        expect(upsampledCam(structuredClone(result), { height: 16, width: 24 })).toEqual(upsampledCam(result, { height: 16, width: 24 }));
      });
    }
    input.dispose();
  });

  it('saliency is max over channels of |∂S/∂x| from plain tf.grad', async () => {
    const { model } = buildUNet(16, 16, 51);
    const explainer = Explainer.create(model);
    const input = randomInput(16, 16, 52);
    const mask = new Uint8Array(16 * 16);
    mask[100] = mask[101] = 1;
    const [saliency] = await explainer.explain(input, { classIndex: 0, mask }, { methods: ['saliency'] });
    const expected = tf.tidy(() => {
      const weights = tf.tensor4d(Float32Array.from(mask), [1, 16, 16, 1]);
      const S = (x: tf.Tensor) =>
        tf.sum(tf.mul(tf.slice(model.apply(x, { training: false }) as tf.Tensor4D, [0, 0, 0, 0], [1, 16, 16, 1]), weights));
      return Array.from(tf.max(tf.abs(tf.grad(S)(input)), 3).dataSync());
    });
    expect(saliency.method).toBe('saliency');
    expect(saliency.layers).toHaveLength(1);
    const [layer] = saliency.layers;
    expect(layer.layer).toBe('input');
    expect(layer.shape).toEqual([16, 16, 3]);
    expect(layer.alpha).toHaveLength(0);
    closeTo(layer.raw, expected, 'saliency');
    expect(upsampledCam(layer, { height: 16, width: 16 })).toHaveLength(16 * 16);
    input.dispose();
  });
});
