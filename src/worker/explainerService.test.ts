import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExplainerService } from './explainerService';
import { H, image, loaders, W } from './testing/tinyLoaders';
import { SUPERSEDED, type Progress } from './protocol';

function pixel(index: number): Uint8Array {
  const mask = new Uint8Array(H * W);
  mask[index] = 1;
  return mask;
}

let service: ExplainerService;
const progress: Progress[] = [];

beforeAll(async () => {
  service = new ExplainerService(loaders);
  await service.start({ backend: 'cpu', wasmPaths: '' }, (p) => progress.push(p));
});

afterEach(() => {
  service.dispose();
});

describe('ExplainerService', () => {
  it('starts the asked-for backend and reports progress', async () => {
    expect((await service.status()).backend).toBe('cpu');
    expect(progress.some((p) => p.stage === 'backend')).toBe(true);
  });

  it('loads a model, segments an image and explains every layer in one request', async () => {
    const info = await service.loadModelFromUrl('models/a/model.json');
    expect(info.inputSize).toEqual({ height: H, width: W });
    expect(info.layers.map((l) => l.name)).toContain(info.defaultLayer);
    await service.setImage(image(1), H, W);
    const segmentation = await service.segment();
    expect(segmentation.labels.length).toBe(H * W);
    const before = (await service.status()).computeCount;
    const result = await service.explain({ classIndex: segmentation.labels[5], mask: pixel(5), method: 'seg-grad-cam' });
    if (result === SUPERSEDED) throw new Error('unexpectedly superseded');
    expect(result.explanation.layers.map((l) => l.layer)).toEqual(info.layers.map((l) => l.name));
    expect(result.computeCount).toBe(before + 1);
  });

  it('keeps only the newest pending explanation while one runs', async () => {
    await service.loadModelFromUrl('models/b/model.json');
    await service.setImage(image(2), H, W);
    const before = (await service.status()).computeCount;
    const requests = [3, 40, 200].map((i) => service.explain({ classIndex: 1, mask: pixel(i), method: 'seg-grad-cam' }));
    const [first, second, third] = await Promise.all(requests);
    expect(first).not.toBe(SUPERSEDED);
    expect(second).toBe(SUPERSEDED);
    expect(third).not.toBe(SUPERSEDED);
    expect((await service.status()).computeCount).toBe(before + 2);
    // The surviving request is the newest one: it equals explaining that pixel alone.
    const alone = await service.explain({ classIndex: 1, mask: pixel(200), method: 'seg-grad-cam' });
    if (third === SUPERSEDED || alone === SUPERSEDED) throw new Error('unexpectedly superseded');
    expect(third.explanation.score).toBeCloseTo(alone.explanation.score, 5);
  });

  it('a model that fails to load leaves the previous model, image and tensors in place', async () => {
    await service.loadModelFromUrl('models/good/model.json');
    await service.setImage(image(3), H, W);
    const tensors = tf.memory().numTensors;
    await expect(service.loadModelFromUrl('models/bad/model.json')).rejects.toThrow(/404/);
    expect((await service.status()).modelName).toBe('models/good/model.json');
    expect(tf.memory().numTensors).toBe(tensors);
    const result = await service.explain({ classIndex: 0, mask: pixel(7), method: 'hires-cam' });
    expect(result).not.toBe(SUPERSEDED);
  });

  it('a shipped model loads without a forward pass and segments the same; any other model is run once at load', async () => {
    const convolutionsDuring = async (fn: () => Promise<unknown>) =>
      (await tf.profile(async () => (await fn(), [] as tf.Tensor[]))).kernels.filter((k) => k.name === 'Conv2D').length;
    expect(await convolutionsDuring(() => service.loadModelFromUrl('models/shipped/model.json', { shipped: true }))).toBe(0);
    await service.setImage(image(6), H, W);
    const shipped = await service.segment();
    // The same network (the loaders build it from the URL), as a model brought by the user.
    expect(await convolutionsDuring(() => service.loadModelFromUrl('models/shipped/model.json'))).toBeGreaterThan(0);
    await service.setImage(image(6), H, W);
    const other = await service.segment();
    expect(Array.from(shipped.labels)).toEqual(Array.from(other.labels));
  });

  it('replacing the model frees the old one', async () => {
    await service.loadModelFromUrl('models/one/model.json');
    await service.setImage(image(4), H, W);
    const tensors = tf.memory().numTensors;
    await service.loadModelFromFiles([new File(['{}'], 'model.json')]);
    await service.setImage(image(4), H, W);
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('says what is wrong when asked too early or with the wrong image size', async () => {
    await expect(service.segment()).rejects.toThrow(/No model/);
    await service.loadModelFromUrl('models/c/model.json');
    await expect(service.segment()).rejects.toThrow(/No image/);
    await expect(service.setImage(new Uint8Array(10 * 10 * 3), 10, 10)).rejects.toThrow(/16×24/);
  });

  it('after the first segmentation warms the gradients with a throw-away explanation', async () => {
    await service.loadModelFromUrl('models/warm/model.json');
    await service.setImage(image(4), H, W);
    await service.segment();
    await new Promise((resolve) => setTimeout(resolve, 1200)); // idle: the warm-up starts
    await service.status();
    await service.segment(); // queued behind the warm-up: it has run when this returns
    progress.length = 0;
    const before = (await service.status()).computeCount;
    const result = await service.explain({ classIndex: 1, mask: pixel(40), method: 'seg-grad-cam' });
    expect(result).not.toBe(SUPERSEDED);
    if (result === SUPERSEDED) return;
    expect(result.computeCount).toBe(before + 1); // the warm-up is not counted
    expect(progress.map((p) => p.message)).not.toContain('First explanation (one backward pass for all layers)…');
  });

  it('a click made at once is not delayed by the warm-up', async () => {
    await service.loadModelFromUrl('models/click/model.json');
    await service.setImage(image(5), H, W);
    const segmented = service.segment();
    progress.length = 0;
    const explained = service.explain({ classIndex: 1, mask: pixel(40), method: 'seg-grad-cam' });
    await segmented;
    const result = await explained;
    expect(result).not.toBe(SUPERSEDED);
    expect(progress.map((p) => p.message)).toContain('First explanation (one backward pass for all layers)…');
  });
});

describe('ExplainerService start-up', () => {
  it('a model asked for while the backend starts is fetched at once and built once it runs', async () => {
    const seen: string[] = [];
    const early = new ExplainerService({
      fromUrl: async (url, onBytes, backendReady) => {
        seen.push(`fetch with backend ${(await early.status()).backend}`);
        await backendReady;
        seen.push(`build with backend ${(await early.status()).backend}`);
        return loaders.fromUrl(url, onBytes, backendReady);
      },
      fromFiles: loaders.fromFiles,
    });
    try {
      const started = early.start({ backend: 'cpu', wasmPaths: '' }, () => undefined);
      const loaded = early.loadModelFromUrl('models/early/model.json');
      await started;
      expect((await loaded).descriptor.name).toBe('models/early/model.json');
      expect(seen).toEqual(['fetch with backend null', 'build with backend cpu']);
    } finally {
      early.dispose();
    }
  });
});

describe('ExplainerService opening (prepare)', () => {
  it('start() joins the start that prepare() began, and hears its progress so far', async () => {
    const service = new ExplainerService(loaders);
    try {
      service.prepare({ start: { backend: 'cpu', wasmPaths: '', threads: null } });
      await new Promise((resolve) => setTimeout(resolve, 50)); // the page renders meanwhile
      const heard: Progress[] = [];
      const info = await service.start({ backend: 'cpu', wasmPaths: '' }, (p) => heard.push(p));
      expect(info.backend).toBe('cpu');
      // One start: its one message, replayed to start()'s listener.
      expect(heard.map((p) => p.message)).toEqual(['Starting the cpu backend…']);
    } finally {
      service.dispose();
    }
  });

  it('start() with other options waits for the prepared start, then starts what it asks for', async () => {
    const service = new ExplainerService(loaders);
    try {
      service.prepare({ start: { backend: 'wasm', wasmPaths: '' } });
      const info = await service.start({ backend: 'cpu', wasmPaths: '' }, () => undefined);
      expect(info.backend).toBe('cpu');
      expect((await service.status()).backend).toBe('cpu');
    } finally {
      service.dispose();
    }
  });

  it('the opening model is fetched once: the page asking for it joins the prepared load', async () => {
    const fetched: string[] = [];
    const service = new ExplainerService({
      fromUrl: (url, onBytes, backendReady) => (fetched.push(url), loaders.fromUrl(url, onBytes, backendReady)),
      fromFiles: loaders.fromFiles,
    });
    try {
      const url = 'http://page/models/default/model.json';
      service.prepare({ start: { backend: 'cpu', wasmPaths: '' }, model: { url, options: { shipped: true } } });
      await service.start({ backend: 'cpu', wasmPaths: '' }, () => undefined);
      const info = await service.loadModelFromUrl(url, { shipped: true });
      expect(info.descriptor.name).toBe(url);
      expect(fetched).toEqual([url]);
      // Any later request loads again (the prepared load is joined once).
      await service.loadModelFromUrl(url, { shipped: true });
      expect(fetched).toEqual([url, url]);
    } finally {
      service.dispose();
    }
  });

  it('a page asking for another model than the opening one gets that model', async () => {
    const service = new ExplainerService(loaders);
    try {
      service.prepare({ start: { backend: 'cpu', wasmPaths: '' }, model: { url: 'models/default/model.json', options: { shipped: true } } });
      await service.start({ backend: 'cpu', wasmPaths: '' }, () => undefined);
      const info = await service.loadModelFromUrl('models/linked/model.json');
      expect(info.descriptor.name).toBe('models/linked/model.json');
      expect((await service.status()).modelName).toBe('models/linked/model.json');
    } finally {
      service.dispose();
    }
  });
});

describe('ExplainerService live evidence', () => {
  it('a click made while the deletion curve runs is answered first; the curve is dropped', async () => {
    const service = new ExplainerService(loaders);
    await service.start({ backend: 'cpu', wasmPaths: '' }, () => undefined);
    try {
      await service.loadModelFromUrl('models/evidence/model.json');
      await service.setImage(image(7), H, W);
      await service.segment();
      const request = { classIndex: 1, mask: pixel(40) };
      const map = Float32Array.from({ length: H * W }, (_, i) => (i * 7) % 13);
      const alone = await service.faithfulness({ ...request, map });
      expect(alone).not.toBe(SUPERSEDED);
      const curve = service.faithfulness({ ...request, map });
      const click = service.explain({ ...request, method: 'seg-grad-cam' });
      expect(await curve).toBe(SUPERSEDED);
      expect(await click).not.toBe(SUPERSEDED);
    } finally {
      service.dispose();
    }
  });
});
