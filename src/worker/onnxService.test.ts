import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleOnnx } from '../model/loadOnnx';
import { ExplainerService } from './explainerService';
import { SUPERSEDED } from './protocol';

// The worker's service with ONNX models: a broken .onnx leaves the previous model usable.

const bytes = new Uint8Array(readFileSync(fileURLToPath(new URL('../engine/onnx/fixtures/tiny-unet.onnx', import.meta.url))));
const H = 48;
const W = 64;

const service = new ExplainerService({
  fromUrl: async (url) => {
    const broken: Record<string, Uint8Array> = {
      'truncated.onnx': bytes.slice(0, 5000),
      'garbage.onnx': new TextEncoder().encode('not protobuf at all, just text'),
    };
    return assembleOnnx({ modelSource: url, bytes: broken[url] ?? bytes });
  },
  fromFiles: async () => {
    throw new Error('not used');
  },
});

beforeAll(async () => {
  await service.start({ backend: 'cpu', wasmPaths: '' }, () => undefined);
});
afterAll(() => service.dispose());

describe('ExplainerService with ONNX models', () => {
  it('explains an ONNX model, and a broken one leaves it, its image and its tensors in place', async () => {
    const info = await service.loadModelFromUrl('tiny-unet.onnx');
    expect(info.layers.map((l) => l.name)).toContain('/bottleneck/bottleneck.2/Relu_output_0');
    expect(info.layers.find((l) => l.name === '/bottleneck/bottleneck.2/Relu_output_0')?.role).toBe('bottleneck');
    await service.setImage(Uint8Array.from({ length: H * W * 3 }, (_, i) => (i * 37) % 256), H, W);
    const tensors = tf.memory().numTensors;
    for (const bad of ['truncated.onnx', 'garbage.onnx']) {
      await expect(service.loadModelFromUrl(bad)).rejects.toThrow(new RegExp(`${bad}: not (a readable ONNX file|an ONNX model)`));
    }
    expect(tf.memory().numTensors).toBe(tensors);
    const mask = new Uint8Array(H * W);
    mask[100] = 1;
    const result = await service.explain({ classIndex: 1, mask, method: 'seg-grad-cam' });
    if (result === SUPERSEDED) throw new Error('unexpectedly superseded');
    expect(result.explanation.layers.length).toBe(info.layers.length);
  }, 60_000);
});
