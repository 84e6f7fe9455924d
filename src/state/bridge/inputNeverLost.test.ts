// Input is never lost: what the user does before the model is ready becomes M and is explained
// once it is; the same after switching models and images.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialState, useAppStore, WAITING_FOR_MODEL, type DisplayImage } from '../store';
import type { ExplainRequest, ExplainResult, ModelInfo, Segmentation, StartOptions } from '../../worker/protocol';
import { WorkerBridge } from './workerBridge';
import type { WorkerClient } from './workerClient';
import type { ImageDecoder } from './imageSources';
import { resolvePendingInput } from '../pendingInput';
import { fitMapping } from '../../imaging/fitImage';

// The image is shown at twice the model input; the output is half the input.
const IMG = { height: 8, width: 16 };
const INPUT = { height: 4, width: 8 };
const OUT = { height: 2, width: 4 };
const BASE = 'https://example.test/app/';
const OPTIONS: StartOptions = { backend: 'cpu', wasmPaths: `${BASE}tfjs-wasm/` };

function model(name: string): ModelInfo {
  return {
    descriptor: {
      name,
      classes: [0, 1, 2].map((i) => ({ name: `c${i}`, color: [i, i, i] })),
      input: INPUT,
      preprocess: { channelOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1] },
      output: 'logits',
    },
    inputSize: INPUT,
    outputSize: OUT,
    numClasses: 3,
    layers: [{ name: 'bottleneck', className: 'Conv2D', shape: [1, 2, 3], role: 'bottleneck' }],
    defaultLayer: 'bottleneck',
    warnings: [],
  };
}

/** Output columns 0–1 are class 1, columns 2–3 class 2. */
function segmentation(): Segmentation {
  const labels = Uint8Array.from({ length: OUT.height * OUT.width }, (_, i) => (i % OUT.width < 2 ? 1 : 2));
  return { ...OUT, labels, probability: new Float32Array(labels.length).fill(0.5) };
}

function image(): DisplayImage {
  return { rgba: new Uint8ClampedArray(IMG.height * IMG.width * 4).fill(200), ...IMG };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

class SlowWorker implements WorkerClient {
  readonly models: Deferred<ModelInfo>[] = [];
  readonly explains: ExplainRequest[] = [];
  async start() {
    return { backend: 'cpu' as const, fallbackReason: null };
  }
  loadModelFromUrl(): Promise<ModelInfo> {
    const d = deferred<ModelInfo>();
    this.models.push(d);
    return d.promise;
  }
  async loadModelFromFiles(files: File[]) {
    return model(files[0].name);
  }
  async setImage() {}
  /** When set, segmentations wait for release(). */
  hold = false;
  private held: (() => void)[] = [];
  async segment() {
    if (this.hold) await new Promise<void>((r) => this.held.push(r));
    return segmentation();
  }
  release(): void {
    this.hold = false;
    this.held.splice(0).forEach((r) => r());
  }
  async explain(request: ExplainRequest): Promise<ExplainResult> {
    this.explains.push(request);
    return new Promise(() => undefined);
  }
}

const images: ImageDecoder = { scene: () => image(), decode: async () => image() };
const state = () => useAppStore.getState();
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

let worker: SlowWorker;
let bridge: WorkerBridge;

beforeEach(() => {
  useAppStore.setState(initialState());
  worker = new SlowWorker();
  bridge = new WorkerBridge({ worker, store: useAppStore, baseUrl: BASE, fetch: async () => new Response('', { status: 404 }), images });
});
afterEach(() => bridge.dispose());

describe('input before the model is ready', () => {
  it('a click while the model loads becomes M and is explained once the model is ready', async () => {
    const started = bridge.start(OPTIONS);
    await settle();
    expect(state().image).not.toBeNull();
    expect(state().model).toBeNull();
    // Image point (13, 5): model input (6.5, 2.5) → output row 1, col 3 (class 2).
    state().queueInput({ kind: 'point', at: { x: 13, y: 5 }, tool: 'pixel', add: false });
    expect(state().status).toBe(`Your selection ${WAITING_FOR_MODEL}`);
    state().setProgress({ stage: 'model', message: 'Downloading model… 40 %' });
    expect(state().status).toBe(`Downloading model… 40 % (${WAITING_FOR_MODEL})`);
    expect(worker.explains).toEqual([]);
    worker.models[0].resolve(model('default'));
    await started;
    await settle();
    expect(state().pendingInput).toBeNull();
    expect(Array.from(state().mask?.bits ?? [])).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    expect(worker.explains).toHaveLength(1);
    expect(worker.explains[0].classIndex).toBe(2);
    expect(state().status).toBe('Explaining…');
  });

  it('a stroke after switching models, and a whole-image request after switching images, wait for the new segmentation', async () => {
    const started = bridge.start(OPTIONS);
    await settle();
    worker.models[0].resolve(model('default'));
    await started;
    await settle();
    worker.hold = true;
    state().requestModel('other/model.json');
    worker.models[1].resolve(model('other'));
    await settle();
    expect(state().model?.descriptor.name).toBe('other');
    expect(state().segmentation).toBeNull();
    state().queueInput({ kind: 'stroke', points: [{ x: 1, y: 1 }, { x: 6, y: 1 }], erase: false, brushSize: 1 });
    await settle();
    expect(state().mask).toBeNull();
    worker.release();
    await settle();
    expect(Array.from(state().mask?.bits ?? [])).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(worker.explains.at(-1)?.classIndex).toBe(1);

    worker.hold = true;
    state().requestSource({ kind: 'scene', seed: 99 });
    await settle();
    expect(state().segmentation).toBeNull();
    state().queueInput({ kind: 'whole-image' });
    worker.release();
    await settle();
    expect(Array.from(state().mask?.bits ?? [])).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(worker.explains.at(-1)?.mask).toEqual(new Uint8Array(8).fill(1));
  });
});

describe('resolvePendingInput', () => {
  const fit = fitMapping(IMG, INPUT, 'stretch');
  const labels = segmentation().labels;
  it('maps points, strokes and the whole image onto the output grid like the live tools', () => {
    const seg = { ...OUT, labels };
    const bits = (values: number[]) => ({ ...OUT, bits: Uint8Array.from(values) });
    expect(resolvePendingInput({ kind: 'point', at: { x: 0, y: 0 }, tool: 'pixel', add: false }, { fit, segmentation: seg, mask: null })).toEqual({
      mask: bits([1, 0, 0, 0, 0, 0, 0, 0]),
      anchor: 0,
    });
    expect(resolvePendingInput({ kind: 'point', at: { x: 0, y: 7 }, tool: 'object', add: false }, { fit, segmentation: seg, mask: null })?.mask).toEqual(
      bits([1, 1, 0, 0, 1, 1, 0, 0]),
    );
    const prior = bits([0, 0, 0, 1, 0, 0, 0, 0]);
    expect(resolvePendingInput({ kind: 'point', at: { x: 0, y: 0 }, tool: 'pixel', add: true }, { fit, segmentation: seg, mask: prior })).toEqual({
      mask: bits([1, 0, 0, 1, 0, 0, 0, 0]),
    });
    expect(resolvePendingInput({ kind: 'whole-image' }, { fit, segmentation: seg, mask: null })?.mask).toEqual(bits([1, 1, 1, 1, 1, 1, 1, 1]));
    expect(resolvePendingInput({ kind: 'point', at: { x: -5, y: 0 }, tool: 'pixel', add: false }, { fit, segmentation: seg, mask: null })).toBeNull();
  });
});

describe('after the worker is replaced', () => {
  it('resync asks again for what the store lacks: the segmentation, then the explanation of M', async () => {
    const started = bridge.start(OPTIONS);
    await settle();
    worker.models[0].resolve(model('default'));
    await started;
    await settle();
    // The old worker died while segmenting a new scene: nothing is on screen for it yet.
    worker.hold = true;
    state().requestSource({ kind: 'scene', seed: 5 });
    await settle();
    state().setSegmentation(null);
    worker.hold = false;
    bridge.resync();
    await settle();
    expect(state().segmentation).not.toBeNull();
    state().setMask({ ...OUT, bits: Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0]) }, 0);
    await settle();
    const explained = worker.explains.length;
    expect(explained).toBeGreaterThan(0);
    useAppStore.setState({ explanation: null });
    bridge.resync();
    await settle();
    expect(worker.explains.length).toBe(explained + 1);
  });
});
