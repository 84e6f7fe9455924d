import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { buildUnet } from '../../model/unet';
import { initBackend } from '../backends';
import { Explainer } from '../explainer';
import { randomInput, randomizeWeights } from '../testing/randomModels';
import { METHODS } from '../types';
import { compileOnnx } from './compile';
import { encodeModel } from './proto';
import { layersToOnnx } from './testing/layersToOnnx';
import { relativeL2 } from '../testing/relativeL2';

// One network two ways: the U-Net as a tfjs LayersModel and the same weights written as ONNX
// (NCHW, OIHW kernels, Resize, BatchNormalization) give the same layers, roles and maps.

describe('the same U-Net as LayersModel and as ONNX', () => {
  it('has the same explainable layers, roles and default layer, and gives the same maps for every method', async () => {
    await initBackend('wasm');
    const model = buildUnet({ height: 32, width: 48, base: 4, numClasses: 5, seed: 3 });
    randomizeWeights(model, 11);
    const onnx = compileOnnx(encodeModel(layersToOnnx(model)));
    const layers = Explainer.create(model);
    const fromOnnx = Explainer.fromGraph(onnx.graph);
    expect(fromOnnx.layers.map((l) => [l.name, l.role, l.shape])).toEqual(layers.layers.map((l) => [l.name, l.role, l.shape]));
    expect(fromOnnx.defaultLayer).toBe(layers.defaultLayer);

    const x = randomInput(32, 48, 5);
    const mask = new Uint8Array(32 * 48).fill(0, 0);
    for (let r = 8; r < 20; r++) for (let c = 10; c < 30; c++) mask[r * 48 + c] = 1;
    const target = { classIndex: 2, mask };
    const a = await layers.explain(x, target, { methods: [...METHODS] });
    const b = await fromOnnx.explain(x, target, { methods: [...METHODS] });
    expect(b[0].score).toBeCloseTo(a[0].score, 3);
    let compared = 0;
    a.forEach((explanation, m) => {
      explanation.layers.forEach((layer, i) => {
        const other = b[m].layers[i];
        expect(other.layer).toBe(layer.layer);
        if (layer.raw.some((v) => v !== 0)) {
          // Grad-CAM++ cubes the gradients, which triples float32 rounding differences.
          const tolerance = explanation.method === 'grad-cam-pp' ? 1e-3 : 1e-4;
          expect(relativeL2(other.raw, layer.raw), `${explanation.method} ${layer.layer}`).toBeLessThan(tolerance);
          compared++;
        }
      });
    });
    expect(compared).toBeGreaterThan(100);
    tf.dispose(x);
    layers.dispose();
    fromOnnx.dispose();
    onnx.dispose();
    model.dispose();
  }, 60_000);
});
