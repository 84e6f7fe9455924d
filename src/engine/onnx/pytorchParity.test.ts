import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs's gradients in the app and the CLI; this test has no LayersModel.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, type BackendName } from '../backends';
import { Explainer } from '../explainer';
import { compileOnnx, type OnnxModel } from './compile';
import { relativeL2 } from '../testing/relativeL2';

// The ONNX front end against PyTorch: fixtures exported by scripts/onnx-fixtures/make_fixtures.py
// with float64 reference logits and Seg-Grad-CAM ingredients (S, α, Σ_k α_k A^k) per layer.

interface Reference {
  model: string;
  input: { dims: number[]; data: number[] };
  logits: { dims: number[]; data: number[] };
  targets: {
    classIndex: number;
    mask: string;
    score: number;
    layers: Record<string, { alpha: number[]; raw: number[]; shape: number[] }>;
  }[];
}

const dir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const FIXTURES = ['tiny-unet', 'deeplabish', 'mobile-blocks', 'lraspp-mobilenet-v3', 'deeplabv3-mobilenet-v3'];

/** NCHW [1,C,H,W] data → NHWC tensor. */
function nhwc(dims: number[], data: number[]): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.tensor4d(data, dims as [number, number, number, number]), [0, 2, 3, 1]));
}

function load(name: string): { reference: Reference; model: OnnxModel; explainer: Explainer } {
  const reference = JSON.parse(readFileSync(`${dir}${name}.reference.json`, 'utf8')) as Reference;
  const [, , height, width] = reference.input.dims;
  const model = compileOnnx(new Uint8Array(readFileSync(`${dir}${reference.model}`)), { inputSize: { height, width } });
  return { reference, model, explainer: Explainer.fromGraph(model.graph) };
}

for (const backend of ['wasm', 'cpu'] as BackendName[]) {
  describe(`ONNX fixtures against PyTorch (float64), ${backend}`, () => {
    const opened: OnnxModel[] = [];
    afterAll(() => opened.forEach((m) => m.dispose()));

    for (const name of FIXTURES) {
      it(`${name}: logits and Seg-Grad-CAM of every reference layer and mask within 1e-4`, async () => {
        await initBackend(backend);
        const before = tf.memory().numTensors;
        const { reference, model, explainer } = load(name);
        opened.push(model);
        const x = nhwc(reference.input.dims, reference.input.data);
        const logits = explainer.predict(x);
        const expectedLogits = nhwc(reference.logits.dims, reference.logits.data);
        expect(relativeL2(await logits.data(), await expectedLogits.data())).toBeLessThan(1e-4);
        tf.dispose([logits, expectedLogits]);

        for (const target of reference.targets) {
          const mask = Uint8Array.from(target.mask, (c) => (c === '1' ? 1 : 0));
          const layers = Object.keys(target.layers);
          const [explanation] = await explainer.explain(x, { classIndex: target.classIndex, mask }, { layers });
          expect(Math.abs(explanation.score - target.score)).toBeLessThan(1e-4 * Math.max(1, Math.abs(target.score)));
          for (const layer of explanation.layers) {
            const expected = target.layers[layer.layer];
            expect(layer.shape).toEqual(expected.shape);
            expect(relativeL2(layer.alpha, expected.alpha), `${layer.layer} α`).toBeLessThan(1e-4);
            expect(relativeL2(layer.raw, expected.raw), `${layer.layer} map`).toBeLessThan(1e-4);
          }
        }
        x.dispose();
        explainer.dispose();
        model.dispose();
        opened.pop();
        expect(tf.memory().numTensors).toBe(before);
      }, 120_000);
    }
  });
}
