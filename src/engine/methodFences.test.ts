import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { methodFence, outputRawOf } from './methodFences';
import { buildUNet, randomInput } from './testing/randomModels';
import { METHODS, type Explanation } from './types';

// On a small U-Net (dec1_conv → 1×1 logits), from real explanations: which maps are fenced and
// why, checked against what the layers are (a ReLU'd 1×1 head input, signed logits).

let explainer: Explainer;
let explanations: Explanation[];
let mask: Uint8Array;
const H = 16;
const W = 24;

beforeAll(async () => {
  await initBackend('cpu');
  const { model } = buildUNet(H, W, 5);
  explainer = Explainer.create(model);
  mask = new Uint8Array(H * W);
  for (let y = 4; y < 9; y++) for (let x = 6; x < 12; x++) mask[y * W + x] = 1;
  const input = randomInput(H, W, 2);
  explanations = await explainer.explain(input, { classIndex: 1, mask }, { methods: [...METHODS] });
  input.dispose();
});

afterAll(() => explainer.dispose());

function fenceOf(method: string, layer: string) {
  const e = explanations.find((x) => x.method === method)!;
  const l = e.layers.find((x) => x.layer === layer)!;
  const outputRaw = outputRawOf(e.layers, 'logits');
  return methodFence(e.method, l, { mask, outputSize: explainer.outputSize, isOutput: layer === 'logits', outputRaw });
}

describe('method fences', () => {
  it('HiResCAM and LayerCAM at the 1×1 head input and at the logits light M only: fenced', () => {
    for (const method of ['hires-cam', 'layer-cam']) {
      expect(fenceOf(method, 'dec1_conv')?.kind).toBe('confined-to-mask');
      expect(fenceOf(method, 'logits')?.kind).toBe('confined-to-mask');
    }
    // A 3×3 conv's input spreads the gradient beyond M: not fenced.
    expect(fenceOf('hires-cam', 'cat1')).toBeNull();
  });

  it('Seg-Grad-CAM at the logits is ReLU(logit) and at the 1×1 head input the logit less its bias: fenced; elsewhere not', () => {
    expect(fenceOf('seg-grad-cam', 'logits')?.kind).toBe('output-logit');
    expect(fenceOf('seg-grad-cam', 'dec1_conv')?.kind).toBe('class-score');
    // A 3×3 conv sits between these and the head: their maps are not the class score.
    for (const layer of ['bottleneck', 'cat1', 'dec2_conv']) expect(fenceOf('seg-grad-cam', layer)).toBeNull();
    // Without the output's map (a CLI run on chosen layers) the head input is not recognised.
    const e = explanations.find((x) => x.method === 'seg-grad-cam')!;
    const head = e.layers.find((x) => x.layer === 'dec1_conv')!;
    expect(methodFence('seg-grad-cam', head, { mask, outputSize: explainer.outputSize, isOutput: false })).toBeNull();
  });

  it('Grad-CAM++ on signed logits is fenced, on a ReLU output is not', () => {
    expect(fenceOf('grad-cam-pp', 'logits')?.kind).toBe('grad-cam-pp-signed');
    expect(fenceOf('grad-cam-pp', 'dec1_conv')).toBeNull();
  });

  it('the fenced maps really are what the fence says', () => {
    const hires = explanations.find((x) => x.method === 'hires-cam')!.layers.find((x) => x.layer === 'dec1_conv')!;
    expect(Array.from(hires.raw).every((v, i) => v === 0 || mask[i] === 1)).toBe(true);
    // Seg-Grad-CAM at the logits: α = |M|/N at the class channel only, raw = α_c · logit_c.
    const seg = explanations.find((x) => x.method === 'seg-grad-cam')!.layers.find((x) => x.layer === 'logits')!;
    const nonZero = Array.from(seg.alpha).map((a, k) => [a, k]).filter(([a]) => a !== 0);
    expect(nonZero.map(([, k]) => k)).toEqual([1]);
    expect(nonZero[0][0]).toBeCloseTo((6 * 5) / (H * W), 6);
    const input = randomInput(H, W, 2);
    const logits = explainer.predict(input);
    const logit1 = tf.tidy(() => tf.slice(logits, [0, 0, 0, 1], [1, H, W, 1]).dataSync());
    seg.raw.forEach((v, i) => expect(v).toBeCloseTo(nonZero[0][0] * logit1[i], 4));
    // At the head input: raw = (|M|/N)·(logit − bias), the same map shifted.
    const head = explanations.find((x) => x.method === 'seg-grad-cam')!.layers.find((x) => x.layer === 'dec1_conv')!;
    const shift = seg.raw[0] - head.raw[0];
    head.raw.forEach((v, i) => expect(v + shift).toBeCloseTo(seg.raw[i], 4));
    tf.dispose([input, logits]);
  });
});
