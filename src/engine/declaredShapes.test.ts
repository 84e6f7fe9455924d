import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { compileLayersModel } from './layersGraph';
import { buildEspLikeNet, buildUNet, randomInput } from './testing/randomModels';
import type { LayersModel } from '@tensorflow/tfjs-layers';

// A model that declares every layer's shape at its fixed input size needs no forward pass
// before its first image: creating its explainer runs nothing, and the first pass that runs
// checks what was declared.

const models: LayersModel[] = [];
beforeAll(async () => {
  await initBackend('wasm');
  models.push(buildUNet(16, 24, 3).model, buildEspLikeNet());
});
afterAll(() => models.forEach((m) => m.dispose()));

async function kernelsDuring(fn: () => unknown): Promise<number> {
  const profile = await tf.profile(async () => {
    fn();
    return [] as tf.Tensor[];
  });
  return profile.kernels.length;
}

describe('declared shapes', () => {
  it('create an explainer without running the model, with the layers, sizes and numbers of the shape-finding pass', async () => {
    for (const model of models) {
      let declared!: Explainer;
      let found!: Explainer;
      expect(await kernelsDuring(() => (declared = Explainer.create(model, { declaredShapes: true })))).toBe(0);
      expect(await kernelsDuring(() => (found = Explainer.create(model)))).toBeGreaterThan(0);
      expect(declared.layers).toEqual(found.layers);
      expect(declared.outputSize).toEqual(found.outputSize);
      expect(declared.numClasses).toBe(found.numClasses);
      const image = randomInput(declared.inputSize.height, declared.inputSize.width, 4);
      const mask = new Uint8Array(declared.outputSize.height * declared.outputSize.width).fill(1);
      const [a] = await declared.explain(image, { classIndex: 1, mask });
      const [b] = await found.explain(image, { classIndex: 1, mask });
      expect(a.score).toBe(b.score);
      a.layers.forEach((layer, i) => expect(Array.from(layer.raw)).toEqual(Array.from(b.layers[i].raw)));
      image.dispose();
      declared.dispose();
      found.dispose();
    }
  });

  it('are checked by the first pass that runs: a wrong one is named', async () => {
    const graph = compileLayersModel(models[0]);
    const node = graph.nodes.find((n) => n.className === 'Conv2D')!;
    node.outputShapes = [[null, 16, 24, 99]];
    const explainer = Explainer.fromGraph(graph, { declaredShapes: true });
    const image = randomInput(16, 24, 5);
    await expect(explainer.segment(image)).rejects.toThrow(new RegExp(`layer ${node.name} computes \\[1,16,24,\\d+\\], but its model declares \\[1,16,24,99\\]`));
    image.dispose();
    explainer.dispose();
  });

  it('are not used when the explained size is not the one they were declared for', async () => {
    const { model } = buildUNet(16, 24, 6);
    const graph = compileLayersModel(model);
    graph.inputShape = [null, null, null, 3]; // a fully convolutional model of any size
    let explainer!: Explainer;
    expect(await kernelsDuring(() => (explainer = Explainer.fromGraph(graph, { inputSize: { height: 32, width: 48 }, declaredShapes: true })))).toBeGreaterThan(0);
    expect(explainer.outputSize).toEqual({ height: 32, width: 48 });
    explainer.dispose();
    model.dispose();
  });
});
