// The Web Worker: owns the tfjs backend, the loaded model and the current input image.
// A thin adapter over the engine; every tfjs call is serialised through one WorkQueue, and
// explanations use a single slot, so only the newest pending one survives.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import { Explainer } from '../engine/explainer';
import { initBackend } from '../engine/backends';
import { toModelInput } from '../engine/preprocess';
import { loadModelFromFiles, loadModelFromUrl } from '../model/loadModel';
import type { ModelDescriptor } from '../engine/types';
import { WorkQueue } from './workQueue';
import { transferablesOf } from './transferables';
import type {
  BackendInfo,
  BackendName,
  ExplainRequest,
  ExplainResult,
  ExplainerApi,
  ModelInfo,
  ProgressListener,
  StartOptions,
  Segmentation,
  Superseded,
  WorkerStatus,
} from './protocol';

interface Loaded {
  explainer: Explainer;
  descriptor: ModelDescriptor;
  warnings: string[];
}

const queue = new WorkQueue();
let backend: BackendName | null = null;
let fallbackReason: string | null = null;
let progress: ProgressListener = () => undefined;
let current: Loaded | null = null;
let input: tf.Tensor4D | null = null;
let computeCount = 0;
let explainedOnce = false;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function tryBackend(name: BackendName, wasmPaths: string): Promise<string | null> {
  try {
    const active = await initBackend(name, { wasmPaths });
    return active === name ? null : `tfjs chose ${active}`;
  } catch (error) {
    return describe(error);
  }
}

async function start(options: StartOptions, onProgress: ProgressListener): Promise<BackendInfo> {
  progress = onProgress;
  const wanted: BackendName = options.backend ?? 'webgl';
  progress({ stage: 'backend', message: `Starting the ${wanted} backend…` });
  const failure = await tryBackend(wanted, options.wasmPaths);
  if (failure === null) {
    backend = wanted;
    return { backend, fallbackReason };
  }
  for (const fallback of ['wasm', 'cpu'] as const) {
    if (fallback === wanted) continue;
    progress({ stage: 'backend', message: `${wanted} unavailable (${failure}); starting ${fallback}…` });
    if ((await tryBackend(fallback, options.wasmPaths)) === null) {
      backend = fallback;
      fallbackReason = `${wanted} unavailable: ${failure}`;
      return { backend, fallbackReason };
    }
  }
  throw new Error(`No tfjs backend could start (${wanted}: ${failure})`);
}

function modelInfo(loaded: Loaded): ModelInfo {
  const { explainer, descriptor, warnings } = loaded;
  return {
    descriptor,
    inputSize: explainer.inputSize,
    outputSize: explainer.outputSize,
    numClasses: explainer.numClasses,
    layers: explainer.layers,
    defaultLayer: explainer.defaultLayer,
    warnings,
  };
}

/** One forward pass compiles the shaders (about 10 s on software WebGL) before the user waits. */
function warmUp(explainer: Explainer): void {
  const { height, width } = explainer.inputSize;
  tf.tidy(() => {
    const logits = explainer.predict(tf.zeros([1, height, width, 3]) as tf.Tensor4D);
    logits.dataSync();
  });
}

async function adopt(load: () => Promise<{ model: Parameters<typeof Explainer.create>[0]; descriptor: ModelDescriptor; warnings: string[] }>): Promise<ModelInfo> {
  const { model, descriptor, warnings } = await load();
  let explainer: Explainer;
  try {
    explainer = Explainer.create(model, {
      inputSize: descriptor.input,
      output: descriptor.output,
      defaultLayer: descriptor.defaultLayer,
    });
    progress({ stage: 'warmup', message: backend === 'webgl' ? 'Warming up webgl (compiling shaders)…' : `Warming up ${backend}…` });
    warmUp(explainer);
  } catch (error) {
    model.dispose();
    throw error;
  }
  // Only a model that loaded and ran replaces the current one: a failure leaves everything usable.
  current?.explainer.dispose();
  input?.dispose();
  input = null;
  current = { explainer, descriptor, warnings };
  explainedOnce = false;
  return modelInfo(current);
}

function loadFromUrl(url: string): Promise<ModelInfo> {
  return queue.enqueue(async () => {
    progress({ stage: 'model', message: `Downloading model ${url}…` });
    return adopt(() => loadModelFromUrl(url));
  }) as Promise<ModelInfo>;
}

function loadFromFiles(files: File[]): Promise<ModelInfo> {
  return queue.enqueue(async () => {
    progress({ stage: 'model', message: `Reading model files (${files.map((f) => f.name).join(', ')})…` });
    return adopt(() => loadModelFromFiles(files));
  }) as Promise<ModelInfo>;
}

function requireModel(): Loaded {
  if (!current) throw new Error('No model is loaded yet.');
  return current;
}

function setImage(rgb: Uint8Array, height: number, width: number): Promise<void> {
  return queue.enqueue(async () => {
    const { descriptor } = requireModel();
    const next = toModelInput(rgb, height, width, 3, descriptor.preprocess);
    input?.dispose();
    input = next;
  }) as Promise<void>;
}

function requireInput(): tf.Tensor4D {
  if (!input) throw new Error('No image has been given to the model yet.');
  return input;
}

function segment(): Promise<Segmentation> {
  return queue.enqueue(async () => {
    const { explainer } = requireModel();
    progress({ stage: 'segment', message: 'Segmenting…' });
    const { labels, probability } = await explainer.segment(requireInput());
    const result: Segmentation = { ...explainer.outputSize, labels, probability };
    return Comlink.transfer(result, transferablesOf([labels, probability]));
  }) as Promise<Segmentation>;
}

function explain(request: ExplainRequest): Promise<ExplainResult | Superseded> {
  return queue.enqueue(async () => {
    const { explainer } = requireModel();
    const image = requireInput();
    if (!explainedOnce) progress({ stage: 'explain', message: 'First explanation (one backward pass for all layers)…' });
    const started = performance.now();
    const [explanation] = await explainer.explain(
      image,
      { classIndex: request.classIndex, mask: request.mask },
      { methods: [request.method] },
    );
    explainedOnce = true;
    computeCount++;
    const result: ExplainResult = { explanation, elapsedMs: performance.now() - started, computeCount };
    const arrays = explanation.layers.flatMap((l) => [l.alpha, l.raw, l.cam, l.upsampled]);
    return Comlink.transfer(result, transferablesOf(arrays));
  }, 'explain');
}

async function status(): Promise<WorkerStatus> {
  return {
    backend,
    fallbackReason,
    modelName: current?.descriptor.name ?? null,
    inputSize: current?.explainer.inputSize ?? null,
    computeCount,
  };
}

const api: ExplainerApi = {
  start,
  status,
  loadModelFromUrl: loadFromUrl,
  loadModelFromFiles: loadFromFiles,
  setImage,
  segment,
  explain,
};

Comlink.expose(api);
