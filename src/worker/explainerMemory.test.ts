// Memory: 500 explanations mixing every tool (pixel, brush, eraser, object, whole class, whole
// image), every method, and 10 model switches with new images leave tf.memory() where it was.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ExplainerService } from './explainerService';
import { H, image, loaders, W } from './testing/tinyLoaders';
import { METHODS } from '../engine/types';
import { SUPERSEDED } from './protocol';
import { paintStroke } from '../mask/brush';
import { classMask, emptyMask, isEmptyMask, objectMask, pixelMask, wholeImageMask, type Mask } from '../mask/mask';

describe('worker service memory', () => {
  it('500 mixed explanations and 10 model switches end at the baseline tensor count and bytes', async () => {
    const service = new ExplainerService(loaders);
    await service.start({ backend: 'cpu', wasmPaths: '' }, () => undefined);
    const open = async (url: string, seed: number) => {
      await service.loadModelFromUrl(url);
      await service.setImage(image(seed), H, W);
      return service.segment();
    };
    let segmentation = await open('models/a/model.json', 0);
    const warm = await service.explain({ classIndex: 0, mask: pixelMask({ height: H, width: W }, { row: 1, col: 1 }).bits, method: 'seg-grad-cam' });
    expect(warm).not.toBe(SUPERSEDED);
    const baseline = tf.memory();

    const size = { height: segmentation.height, width: segmentation.width };
    const tools = ['pixel', 'brush', 'eraser', 'object', 'class', 'image'] as const;
    let explained = 0;
    for (let i = 0; i < 500; i++) {
      if (i % 50 === 49) segmentation = await open(`models/m${i}/model.json`, i); // 10 switches
      const tool = tools[i % tools.length];
      const pixel = { row: (i * 7) % size.height, col: (i * 11) % size.width };
      const label = segmentation.labels[pixel.row * size.width + pixel.col];
      let mask: Mask;
      if (tool === 'pixel') mask = pixelMask(size, pixel);
      else if (tool === 'object') mask = objectMask(segmentation, pixel);
      else if (tool === 'class') mask = classMask(segmentation, label);
      else if (tool === 'image') mask = wholeImageMask(size);
      else {
        mask = tool === 'eraser' ? wholeImageMask(size) : emptyMask(size);
        paintStroke(mask, pixel, { row: size.height - 1 - pixel.row, col: pixel.col }, 3, tool === 'eraser' ? 0 : 1);
      }
      if (isEmptyMask(mask)) mask = pixelMask(size, pixel);
      const result = await service.explain({ classIndex: i % 4, mask: mask.bits, method: METHODS[i % METHODS.length] });
      if (result !== SUPERSEDED) explained++;
    }
    expect(explained).toBe(500);
    // Back to the first model and image: the same tensors as at the baseline.
    await open('models/a/model.json', 0);
    await service.explain({ classIndex: 0, mask: pixelMask(size, { row: 1, col: 1 }).bits, method: 'seg-grad-cam' });
    const after = tf.memory();
    expect(after.numTensors).toBe(baseline.numTensors);
    expect(after.numBytes).toBe(baseline.numBytes);
    service.dispose();
  }, 300_000);
});
