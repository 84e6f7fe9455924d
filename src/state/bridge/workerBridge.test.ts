import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialState, useAppStore, type DisplayImage } from '../store';
import type { ExplainRequest, ExplainResult, LoadOptions, ModelInfo, Segmentation, StartOptions } from '../../worker/protocol';
import type { ExplainableLayer } from '../../engine/types';
import type { WireExplanation } from '../../worker/wireExplanation';
import { WorkerBridge } from './workerBridge';
import { upsampledCam } from '../../imaging/upsampleMap';
import type { WorkerClient } from './workerClient';
import type { ImageDecoder } from './imageSources';

const H = 4;
const W = 8;
const BASE = 'https://example.test/app/';
const OPTIONS: StartOptions = { backend: 'cpu', wasmPaths: `${BASE}tfjs-wasm/` };

function model(name: string): ModelInfo {
  const layers: ExplainableLayer[] = [{ name: 'bottleneck', className: 'Conv2D', shape: [1, 2, 3], role: 'bottleneck' }];
  return {
    descriptor: {
      name,
      classes: [0, 1, 2].map((i) => ({ name: `c${i}`, color: [i, i, i] })),
      input: { height: H, width: W },
      preprocess: { channelOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1] },
      output: 'logits',
    },
    inputSize: { height: H, width: W },
    outputSize: { height: H, width: W },
    numClasses: 3,
    layers,
    defaultLayer: 'bottleneck',
    warnings: [],
  };
}

/** Class 1 on the left half, class 2 on the right. */
function segmentation(): Segmentation {
  const labels = Uint8Array.from({ length: H * W }, (_, i) => (i % W < W / 2 ? 1 : 2));
  return { height: H, width: W, labels, probability: new Float32Array(H * W).fill(0.5) };
}

/** A solid image of the model's size, so fitting is the identity and its pixels are predictable. */
function solidImage(value: number): DisplayImage {
  const rgba = Uint8ClampedArray.from({ length: H * W * 4 }, (_, i) => (i % 4 === 3 ? 255 : value));
  return { rgba, height: H, width: W };
}

function wireExplanation(request: ExplainRequest): WireExplanation {
  const cam = Float32Array.from([1, 2]);
  return {
    method: request.method,
    classIndex: request.classIndex,
    maskSize: request.mask.reduce((n, b) => n + (b ? 1 : 0), 0),
    score: 1,
    input: { height: H, width: W },
    layers: [{ layer: 'bottleneck', role: 'bottleneck', shape: [1, 2, 3], alpha: new Float32Array(3), raw: cam, rawMax: 2, cam, camMax: 2 }],
  };
}

interface Pending<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/** A worker whose answers the test releases by hand, recording every call. */
class FakeWorker implements WorkerClient {
  readonly calls: string[] = [];
  readonly images: Uint8Array[] = [];
  readonly explainRequests: ExplainRequest[] = [];
  private readonly pendingModels: Pending<ModelInfo>[] = [];
  private readonly pendingExplains: Pending<ExplainResult>[] = [];
  computeCount = 0;

  /** Set by holdStart(): the backend's start waits for it. */
  private startGate: Promise<void> | null = null;

  async start(options: StartOptions) {
    this.calls.push(`start ${options.backend}`);
    await this.startGate;
    return { backend: 'cpu' as const, fallbackReason: null };
  }
  /** The next start answers when the test resolves (or fails) the returned gate. */
  holdStart(): Pending<void> {
    let gate!: Pending<void>;
    this.startGate = new Promise<void>((resolve, reject) => {
      gate = { resolve, reject };
    });
    return gate;
  }
  /** Per model load, whether the bridge said the model is shipped with the app. */
  readonly shipped: boolean[] = [];
  loadModelFromUrl(url: string, options?: LoadOptions): Promise<ModelInfo> {
    this.calls.push(`model ${url}`);
    this.shipped.push(options?.shipped === true);
    return new Promise((resolve, reject) => this.pendingModels.push({ resolve, reject }));
  }
  async loadModelFromFiles(files: File[]): Promise<ModelInfo> {
    return model(files[0].name);
  }
  async setImage(rgb: Uint8Array, height: number, width: number): Promise<void> {
    this.calls.push(`image ${height}x${width}`);
    this.images.push(rgb);
  }
  async segment(): Promise<Segmentation> {
    return segmentation();
  }
  explain(request: ExplainRequest): Promise<ExplainResult> {
    this.explainRequests.push(request);
    return new Promise((resolve, reject) => this.pendingExplains.push({ resolve, reject }));
  }

  answerModel(index: number, info: ModelInfo): void {
    this.pendingModels[index].resolve(info);
  }
  failModel(index: number, error: Error): void {
    this.pendingModels[index].reject(error);
  }
  answerExplain(index: number): void {
    this.pendingExplains[index].resolve({
      explanation: wireExplanation(this.explainRequests[index]),
      elapsedMs: 1,
      computeCount: ++this.computeCount,
    });
  }
}

/** Every scene the page made, by seed. */
const scenesMade: number[] = [];

const decoder: ImageDecoder = {
  scene: (seed) => {
    scenesMade.push(seed);
    return solidImage(seed);
  },
  decode: async (blob, name) => {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    if (bytes.length === 0) throw new Error(`${name} is empty`);
    return solidImage(bytes[0]);
  },
};

const state = () => useAppStore.getState();
const asMask = (bits: Uint8Array) => ({ height: H, width: W, bits });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

let worker: FakeWorker;
let fetched: string[];
let bridge: WorkerBridge;

function fakeFetch(routes: Record<string, () => Response>): typeof fetch {
  return async (input) => {
    const url = String(input);
    fetched.push(url);
    const route = routes[url];
    return route ? route() : new Response('not found', { status: 404 });
  };
}

function makeBridge(routes: Record<string, () => Response> = {}): WorkerBridge {
  return new WorkerBridge({ worker, store: useAppStore, baseUrl: BASE, fetch: fakeFetch(routes), images: decoder });
}

/** Starts the bridge and lets the default model arrive: the scene is segmented, nothing explained. */
async function ready(): Promise<void> {
  const started = bridge.start(OPTIONS);
  await settle();
  worker.answerModel(0, model('default'));
  await started;
  await settle();
}

beforeEach(() => {
  useAppStore.setState(initialState());
  worker = new FakeWorker();
  fetched = [];
  bridge = makeBridge();
});

afterEach(() => bridge.dispose());

describe('WorkerBridge', () => {
  it('starts the worker, loads the model from the base URL and sends the fitted scene pixels', async () => {
    await ready();
    expect(worker.calls).toEqual(['start cpu', `model ${BASE}models/unet-streets/model.json`, `image ${H}x${W}`]);
    // The scene for seed 1 is a solid image of value 1: the model sees RGB 1,1,1 everywhere.
    expect(Array.from(worker.images[0])).toEqual(new Array(H * W * 3).fill(1));
    expect(state().model?.descriptor.name).toBe('default');
    expect(state().segmentation?.labels.length).toBe(H * W);
    expect(state().fit?.mode).toBe('stretch');
    expect(state().status).toMatch(/Ready/);
  });

  it('asks for the model and the opening image while the backend is still starting', async () => {
    const backend = worker.holdStart();
    const started = bridge.start(OPTIONS);
    await settle();
    expect(worker.calls).toEqual(['start cpu', `model ${BASE}models/unet-streets/model.json`]);
    expect(state().image).not.toBeNull(); // the scene is made meanwhile, on the page
    expect(state().backend).toBeNull();
    backend.resolve();
    worker.answerModel(0, model('default'));
    await started;
    await settle();
    expect(worker.calls.at(-1)).toBe(`image ${H}x${W}`);
    expect(state().status).toMatch(/Ready/);
  });

  it('starts the backend and the model before the featured list names the opening scene, and makes that scene once', async () => {
    let listed!: () => void;
    const featured = new Promise<void>((resolve) => (listed = resolve));
    const before = scenesMade.length;
    const started = bridge.start(OPTIONS, featured);
    await settle();
    expect(worker.calls).toEqual(['start cpu', `model ${BASE}models/unet-streets/model.json`]);
    expect(state().image).toBeNull(); // no default scene made only to be replaced
    state().requestSource({ kind: 'scene', seed: 42 }); // what loadFeatured does with the list
    listed();
    worker.answerModel(0, model('default'));
    await started;
    await settle();
    expect(scenesMade.slice(before)).toEqual([42]);
    expect(worker.shipped).toEqual([true]); // the built-in model: no shape-finding pass in the worker
    expect(worker.calls.at(-1)).toBe(`image ${H}x${W}`);
    expect(state().status).toMatch(/Ready/);
  });

  it('a backend that cannot start is the one error shown: the model load it takes down adds none', async () => {
    const backend = worker.holdStart();
    const started = bridge.start(OPTIONS);
    await settle();
    backend.reject(new Error('wasm failed'));
    await started;
    worker.failModel(0, new Error('no backend: wasm failed')); // the worker answers the load after the start
    await settle();
    expect(state().error).toBe('The worker could not start: wasm failed');
    expect(state().model).toBeNull();
  });

  it('a mask asks for an explanation of the class under it; the answer lands in the store', async () => {
    await ready();
    const bits = new Uint8Array(H * W);
    bits[W - 1] = 1;
    state().setMask(asMask(bits), W - 1);
    expect(state().explaining).toBe(true);
    expect(worker.explainRequests).toHaveLength(1);
    expect(worker.explainRequests[0].classIndex).toBe(2);
    expect(Array.from(worker.explainRequests[0].mask)).toEqual(Array.from(bits));
    worker.answerExplain(0);
    await settle();
    expect(state().explaining).toBe(false);
    expect(state().computeCount).toBe(1);
    expect(state().explanation?.classIndex).toBe(2);
    // The page upsamples the shown layer to the model input.
    expect(upsampledCam(state().explanation!.layers[0], state().explanation!.input).length).toBe(H * W);
  });

  it('latest request wins: an explanation overtaken by a newer target is never shown', async () => {
    await ready();
    const left = new Uint8Array(H * W);
    left[0] = 1;
    const right = new Uint8Array(H * W);
    right[W - 1] = 1;
    state().setMask(asMask(left), 0);
    state().setMask(asMask(right), W - 1);
    expect(worker.explainRequests.map((r) => r.classIndex)).toEqual([1, 2]);
    worker.answerExplain(1);
    await settle();
    worker.answerExplain(0);
    await settle();
    expect(state().explanation?.classIndex).toBe(2);
    expect(state().computeCount).toBe(1);
  });

  it('clearing the mask while explaining stops "explaining" and drops the late answer', async () => {
    await ready();
    const bits = new Uint8Array(H * W);
    bits[0] = 1;
    state().setMask(asMask(bits), 0);
    state().setMask(null);
    expect(state().explaining).toBe(false);
    worker.answerExplain(0);
    await settle();
    expect(state().explanation).toBeNull();
  });

  it('latest request wins for models: the first URL answering last does not replace the second', async () => {
    await ready();
    state().requestModel('a/model.json');
    state().requestModel('b/model.json');
    worker.answerModel(2, model('b'));
    await settle();
    worker.answerModel(1, model('a'));
    await settle();
    expect(state().model?.descriptor.name).toBe('b');
    expect(state().loadedModelUrl).toBe('b/model.json');
    expect(worker.shipped).toEqual([true, false, false]); // only the built-in model is said to be shipped
  });

  it('a model that fails to load is reported and the loaded one stays', async () => {
    await ready();
    state().requestModel('broken/model.json');
    worker.failModel(1, new Error('HTTP 404'));
    await settle();
    expect(state().error).toBe('Could not load the model broken/model.json: HTTP 404');
    expect(state().modelUrl).toBe('models/unet-streets/model.json');
    expect(state().model?.descriptor.name).toBe('default');
  });

  it('an image URL is fetched against the base URL; one that fails falls back to what was on screen', async () => {
    bridge.dispose();
    bridge = makeBridge({ [`${BASE}photos/ok.png`]: () => new Response(new Uint8Array([77])) });
    await ready();
    state().requestSource({ kind: 'url', url: 'photos/ok.png' });
    await settle();
    await settle();
    expect(fetched).toContain(`${BASE}photos/ok.png`);
    expect(state().image?.rgba[0]).toBe(77);
    expect(Array.from(worker.images.at(-1)!.subarray(0, 3))).toEqual([77, 77, 77]);

    state().requestSource({ kind: 'url', url: 'photos/missing.png' });
    await settle();
    await settle();
    expect(state().error).toBe(`Could not fetch the image ${BASE}photos/missing.png: HTTP 404.`);
    expect(state().source).toEqual({ kind: 'url', url: 'photos/ok.png' });
  });

  it('the featured list opens its first scene unless the link names a source', async () => {
    bridge.dispose();
    const list = () => Response.json([{ seed: 42, title: 'Crossing' }, { seed: 'x', title: 'bad' }]);
    bridge = makeBridge({ [`${BASE}scenes/featured.json`]: list });
    await bridge.loadFeatured(false);
    expect(state().featured).toEqual([{ seed: 42, title: 'Crossing' }]);
    expect(state().source).toEqual({ kind: 'scene', seed: 42 });
    useAppStore.setState(initialState());
    await bridge.loadFeatured(true);
    expect(state().source).toEqual({ kind: 'scene', seed: 1 });
  });

  it('an opened file becomes a local source with a notice; after dispose nothing is written', async () => {
    await ready();
    await bridge.openImageBlob(new Blob([new Uint8Array([200])]), 'mine.png');
    expect(state().source).toEqual({ kind: 'local', name: 'mine.png' });
    expect(state().notices.join(' ')).toMatch(/cannot travel in a link/);
    await settle();
    const bits = new Uint8Array(H * W);
    bits[0] = 1;
    state().setMask(asMask(bits), 0);
    bridge.dispose();
    worker.answerExplain(0);
    await settle();
    expect(state().explanation).toBeNull();
  });
});
