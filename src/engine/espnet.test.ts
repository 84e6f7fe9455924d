import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { PNG } from 'pngjs';
import { upsampledCam } from '../imaging/upsampleMap';
import { describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';

// A real network from ../shared/fixtures (skipped when absent): ESPNet on Cityscapes, with
// dilated convolutions, PReLU and transposed convs, explained on wasm at 64×128.

const fixtures = fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));
const espnetDir = `${fixtures}/espnet-cityscapes`;
const photo = `${fixtures}/kitti/demo2_384x768.png`;
const present = existsSync(`${espnetDir}/model.json`) && existsSync(photo);

const HEIGHT = 64;
const WIDTH = 128;

async function loadEspnet(): Promise<tfl.LayersModel> {
  const modelJson = JSON.parse(readFileSync(`${espnetDir}/model.json`, 'utf8'));
  const weights = readFileSync(`${espnetDir}/weights.bin`);
  return tfl.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest[0].weights,
      weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    }),
  );
}

/** The photo block-averaged to 64×128, BGR, normalised as segcam.json says. */
function espnetInput(): tf.Tensor4D {
  const descriptor = JSON.parse(readFileSync(`${espnetDir}/segcam.json`, 'utf8'));
  const { mean, std } = descriptor.preprocess as { mean: number[]; std: number[] };
  const png = PNG.sync.read(readFileSync(photo));
  const fy = png.height / HEIGHT;
  const fx = png.width / WIDTH;
  const data = new Float32Array(HEIGHT * WIDTH * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const rgb = [0, 0, 0];
      for (let dy = 0; dy < fy; dy++) {
        for (let dx = 0; dx < fx; dx++) {
          const i = ((y * fy + dy) * png.width + (x * fx + dx)) * 4;
          for (let c = 0; c < 3; c++) rgb[c] += png.data[i + c] / (fy * fx);
        }
      }
      const bgr = [rgb[2], rgb[1], rgb[0]];
      for (let c = 0; c < 3; c++) data[(y * WIDTH + x) * 3 + c] = (bgr[c] - mean[c]) / std[c];
    }
  }
  return tf.tensor4d(data, [1, HEIGHT, WIDTH, 3]);
}

describe.skipIf(!present)('ESPNet from the shared fixtures (wasm)', () => {
  it('explains a predicted class at b3_prelu with a finite, non-trivial map', async () => {
    await initBackend('wasm');
    const model = await loadEspnet();
    const explainer = Explainer.create(model, { inputSize: { height: HEIGHT, width: WIDTH }, defaultLayer: 'b3_prelu' });
    expect(explainer.numClasses).toBe(20);
    expect(explainer.outputSize).toEqual({ height: HEIGHT, width: WIDTH });
    const input = espnetInput();
    const ours = explainer.predict(input);
    const theirs = model.predict(input) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]).toBeLessThan(1e-3 * tf.max(tf.abs(theirs)).dataSync()[0]);
    tf.dispose([ours, theirs]);
    const { labels } = await explainer.segment(input);
    const classIndex = labels[(HEIGHT - 4) * WIDTH + WIDTH / 2]; // bottom centre: the road
    const mask = labels.map((l) => (l === classIndex ? 1 : 0));
    const [explanation] = await explainer.explain(input, { classIndex, mask }, { layers: ['b3_prelu'] });
    const [layer] = explanation.layers;
    expect(layer.layer).toBe('b3_prelu');
    expect(layer.shape[0] * 8).toBe(HEIGHT);
    expect(layer.raw.every(Number.isFinite)).toBe(true);
    expect(layer.alpha.every(Number.isFinite)).toBe(true);
    expect(layer.camMax).toBeGreaterThan(0);
    expect(Math.min(...layer.raw)).toBeLessThan(layer.rawMax); // not a constant map
    expect(upsampledCam(layer, { height: HEIGHT, width: WIDTH })).toHaveLength(HEIGHT * WIDTH);
    input.dispose();
    model.dispose();
  });
});
