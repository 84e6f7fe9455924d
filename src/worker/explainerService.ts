// What the worker does, as a plain class: owns the tfjs backend, the loaded model and the current
// input image. A thin adapter over the engine; every tfjs call is serialised through one
// WorkQueue, and explanations share one slot, so only the newest pending one survives.
// The worker file only exposes it; Node tests drive it directly.
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import type { Explainer } from '../engine/explainer';
import { initBackend, wasmThreads, type BackendOptions } from '../engine/backends';
import { wasmThreadsFor } from './backendParam';
import { isSoftwareRenderer } from '../engine/softwareWebgl';
import { probeRenderer } from './rendererProbe';
import { toModelInput } from '../engine/preprocess';
import { disposeNetwork, explainerFor, isOnnxNetwork, loadNetworkFromFiles, loadNetworkFromUrl, type LoadedNetwork } from '../model/network';
import type { ModelDescriptor } from '../engine/types';
import { WorkQueue } from './workQueue';
import { transferablesOf } from './transferables';
import { trackedFetch } from './trackedFetch';
import { toWire } from './wireExplanation';
import { canRandomize, headRandomisation, liveFaithfulness, Yielded } from './evidenceChecks';
import type {
  BackendInfo,
  BackendName,
  ExplainRequest,
  ExplainResult,
  FaithfulnessRequest,
  FaithfulnessResult,
  LoadOptions,
  SanityRequest,
  SanityResult,
  ExplainerApi,
  ModelInfo,
  Progress,
  ProgressListener,
  Segmentation,
  StartOptions,
  Superseded,
  WorkerStatus,
} from './protocol';
import { SUPERSEDED } from './protocol';
import type { Opening } from './opening';

export interface ModelLoaders {
  /**
   * onBytes: download progress as a fraction 0..1. `backendReady` settles when the backend has
   * started: the files may be fetched before, the network built only after.
   */
  fromUrl(url: string, onBytes: (fraction: number) => void, backendReady: Promise<void>): Promise<LoadedNetwork>;
  fromFiles(files: File[]): Promise<LoadedNetwork>;
}

const DEFAULT_LOADERS: ModelLoaders = {
  fromUrl: (url, onBytes, backendReady) =>
    loadNetworkFromUrl(url, { fetch: trackedFetch(({ loaded, total }) => total > 0 && onBytes(loaded / total)), ready: backendReady }),
  fromFiles: loadNetworkFromFiles,
};

interface Loaded {
  network: LoadedNetwork;
  explainer: Explainer;
  descriptor: ModelDescriptor;
  warnings: string[];
}

/**
 * How long the worker must be idle after the first segmentation before it warms the gradients:
 * a click within it goes first and the warm-up is skipped (on software WebGL a warm-up costs
 * tens of seconds that a click arriving just after it starts would wait for).
 */
const WARM_UP_DELAY_MS = 1000;

function sameStart(a: StartOptions, b: StartOptions): boolean {
  return a.backend === b.backend && a.wasmPaths === b.wasmPaths && (a.threads ?? null) === (b.threads ?? null);
}

/** Logical cores as the browser reports them (Node 20 has no navigator: 1). */
function logicalCores(): number {
  return typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ExplainerService implements ExplainerApi {
  private readonly queue = new WorkQueue();
  private backend: BackendName | null = null;
  private fallbackReason: string | null = null;
  private progress: ProgressListener = () => undefined;
  private current: Loaded | null = null;
  private input: tf.Tensor4D | null = null;
  /** The current image's pixels (the deletion curve fills them). */
  private rgb: Uint8Array | null = null;
  private computeCount = 0;
  private explainedOnce = false;
  /** Whether the current model has segmented an image (its first pass compiles webgl shaders). */
  private segmentedOnce = false;
  /**
   * Settles when start() has a backend running (rejects when none could start). A model asked
   * for before that downloads at once and is built then: the download overlaps the start.
   */
  private readonly backendReady: Promise<void>;
  private settleBackend!: (failure?: Error) => void;
  /** A start begun by prepare() that start() has not joined yet, and its latest progress. */
  private prepared: { options: StartOptions; started: Promise<BackendInfo>; latest: () => Progress | null } | null = null;
  /** A model load begun by prepare() that loadModelFromUrl() has not joined yet. */
  private preparedModel: { url: string; shipped: boolean; loaded: Promise<ModelInfo> } | null = null;

  constructor(
    private readonly loaders: ModelLoaders = DEFAULT_LOADERS,
    private readonly detectRenderer: () => Promise<string | null> = probeRenderer,
  ) {
    this.backendReady = new Promise<void>((resolve, reject) => {
      this.settleBackend = (failure) => (failure ? reject(failure) : resolve());
    });
    this.backendReady.catch(() => undefined); // the failure is start()'s to report; loads see it too
  }

  /**
   * Begins the page's opening before the page asks: the worker calls this with what the page put
   * in its name (opening.ts), so the backend's start and the default model's download overlap
   * the page's first render. start() and loadModelFromUrl() with the same arguments join them;
   * start() hears the progress so far.
   */
  prepare(opening: Opening): void {
    if (this.prepared) return;
    let latest: Progress | null = null;
    const started = this.begin(opening.start, (p) => (latest = p));
    started.catch(() => undefined); // start() reports the failure
    this.prepared = { options: opening.start, started, latest: () => latest };
    if (!opening.model) return;
    const { url, options } = opening.model;
    const loaded = this.loadModelFromUrl(url, options);
    loaded.catch(() => undefined); // loadModelFromUrl() reports the failure
    this.preparedModel = { url, shipped: options.shipped ?? false, loaded };
  }

  async start(options: StartOptions, onProgress: ProgressListener): Promise<BackendInfo> {
    const prepared = this.prepared;
    this.prepared = null;
    if (prepared && sameStart(prepared.options, options)) {
      this.progress = onProgress;
      const latest = prepared.latest();
      if (latest) onProgress(latest);
      return prepared.started;
    }
    if (prepared) await prepared.started.catch(() => undefined);
    return this.begin(options, onProgress);
  }

  private async begin(options: StartOptions, onProgress: ProgressListener): Promise<BackendInfo> {
    try {
      const info = await this.startBackend(options, onProgress);
      this.settleBackend();
      return info;
    } catch (error) {
      this.settleBackend(new Error(`no backend: ${describe(error)}`));
      throw error;
    }
  }

  private async startBackend(options: StartOptions, onProgress: ProgressListener): Promise<BackendInfo> {
    this.progress = onProgress;
    if (options.backend === null) this.progress({ stage: 'backend', message: 'Checking whether WebGL runs on a GPU here…' });
    // Asked off this thread: a model asked for meanwhile downloads while the browser answers.
    const software = options.backend === null ? await this.softwareWebgl() : null;
    const wanted: BackendName = options.backend ?? (software ? 'wasm' : 'webgl');
    this.progress({ stage: 'backend', message: `Starting the ${wanted} backend…` });
    const backendOptions = { wasmPaths: options.wasmPaths, threads: wasmThreadsFor(options.threads ?? null, logicalCores()) };
    const failure = await this.tryBackend(wanted, backendOptions);
    if (failure === null) {
      this.backend = wanted;
      this.fallbackReason = software;
      return { backend: wanted, fallbackReason: software, ...(await this.threads(wanted)) };
    }
    for (const fallback of ['wasm', 'cpu'] as const) {
      if (fallback === wanted) continue;
      this.progress({ stage: 'backend', message: `${wanted} unavailable (${failure}); starting ${fallback}…` });
      if ((await this.tryBackend(fallback, backendOptions)) === null) {
        this.backend = fallback;
        this.fallbackReason = `${wanted} unavailable: ${failure}`;
        return { backend: fallback, fallbackReason: this.fallbackReason, ...(await this.threads(fallback)) };
      }
    }
    throw new Error(`No tfjs backend could start (${wanted}: ${failure})`);
  }

  async status(): Promise<WorkerStatus> {
    return {
      backend: this.backend,
      fallbackReason: this.fallbackReason,
      modelName: this.current?.descriptor.name ?? null,
      inputSize: this.current?.explainer.inputSize ?? null,
      computeCount: this.computeCount,
    };
  }

  loadModelFromUrl(url: string, { shipped = false }: LoadOptions = {}): Promise<ModelInfo> {
    const prepared = this.preparedModel;
    this.preparedModel = null;
    if (prepared && prepared.url === url && prepared.shipped === shipped) return prepared.loaded;
    return this.queue.enqueue(async () => {
      const message = `Downloading model ${url}…`;
      this.progress({ stage: 'model', message });
      let shown = -1;
      const onBytes = (fraction: number): void => {
        const percent = Math.min(100, Math.floor(fraction * 100)); // gzip: sizes announced compressed
        if (percent === shown) return;
        shown = percent;
        this.progress({ stage: 'model', message: `${message} ${percent} %`, fraction: percent / 100 });
      };
      const network = await this.loaders.fromUrl(url, onBytes, this.backendReady);
      await this.backendReady; // adopt() runs the model: never before the backend, whatever the loader did
      return this.adopt(network, shipped);
    }) as Promise<ModelInfo>;
  }

  loadModelFromFiles(files: File[]): Promise<ModelInfo> {
    return this.queue.enqueue(async () => {
      this.progress({ stage: 'model', message: `Reading model files (${files.map((f) => f.name).join(', ')})…` });
      await this.backendReady;
      return this.adopt(await this.loaders.fromFiles(files));
    }) as Promise<ModelInfo>;
  }

  setImage(rgb: Uint8Array, height: number, width: number): Promise<void> {
    return this.queue.enqueue(async () => {
      const { descriptor, explainer } = this.requireModel();
      const expected = explainer.inputSize;
      if (height !== expected.height || width !== expected.width) {
        throw new Error(`the image is ${height}×${width}; the model needs ${expected.height}×${expected.width}`);
      }
      const next = toModelInput(rgb, height, width, 3, descriptor.preprocess);
      this.input?.dispose();
      this.input = next;
      this.rgb = rgb;
    }) as Promise<void>;
  }

  segment(): Promise<Segmentation> {
    return this.queue.enqueue(async () => {
      const { explainer } = this.requireModel();
      const firstOnWebgl = this.backend === 'webgl' && !this.segmentedOnce;
      this.progress({ stage: 'segment', message: firstOnWebgl ? 'Segmenting (the first pass compiles webgl shaders)…' : 'Segmenting…' });
      const { labels, probability } = await explainer.segment(this.requireInput());
      this.segmentedOnce = true;
      const result: Segmentation = { ...explainer.outputSize, labels, probability };
      if (!this.explainedOnce) this.warmGradients(explainer, labels);
      return Comlink.transfer(result, transferablesOf([labels, probability]));
    }) as Promise<Segmentation>;
  }

  explain(request: ExplainRequest): Promise<ExplainResult | Superseded> {
    return this.queue.enqueue(async () => {
      const { explainer } = this.requireModel();
      const image = this.requireInput();
      if (!this.explainedOnce) this.progress({ stage: 'explain', message: 'First explanation (one backward pass for all layers)…' });
      const started = performance.now();
      const [explanation] = await explainer.explain(
        image,
        { classIndex: request.classIndex, mask: request.mask },
        { methods: [request.method] },
      );
      this.explainedOnce = true;
      this.computeCount++;
      const wire = toWire(explanation);
      const result: ExplainResult = { explanation: wire, elapsedMs: performance.now() - started, computeCount: this.computeCount };
      const arrays = wire.layers.flatMap((l) => [l.alpha, l.raw, l.cam]);
      return Comlink.transfer(result, transferablesOf(arrays));
    }, 'explain');
  }

  /** Deletion/insertion AUC of a map on the current image; only the newest request survives. */
  faithfulness(request: FaithfulnessRequest): Promise<FaithfulnessResult | Superseded> {
    return this.queue.enqueue(async () => {
      const { explainer, descriptor } = this.requireModel();
      if (!this.rgb) throw new Error('no image');
      const target = { classIndex: request.classIndex, mask: request.mask };
      try {
        return await liveFaithfulness(explainer, descriptor, this.rgb, target, request.map, () => this.queue.hasPending());
      } catch (error) {
        if (error instanceof Yielded) return SUPERSEDED;
        throw error;
      }
    }, 'faithfulness');
  }

  /** The current view's map with the model's head re-drawn, beside the trained one. */
  sanity(request: SanityRequest): Promise<SanityResult | Superseded> {
    return this.queue.enqueue(async () => {
      const { explainer, network } = this.requireModel();
      const model = isOnnxNetwork(network) ? null : network.model;
      if (!canRandomize(model)) throw new Error('this model\'s weights cannot be re-drawn here (not a tfjs LayersModel)');
      const target = { classIndex: request.classIndex, mask: request.mask };
      return headRandomisation(model, explainer, this.requireInput(), target, request.layer, request.method);
    }, 'sanity');
  }

  /**
   * The first backward pass of a model costs about twice a later one (wasm allocates and packs
   * the flipped input-gradient kernels, webgl compiles their shaders): pay it with a throw-away
   * explanation of the centre pixel, silently, once the worker has been idle for a moment, and
   * never ahead of real work (a click, another image) that is already waiting.
   */
  private warmGradients(explainer: Explainer, labels: Uint8Array): void {
    const { height, width } = explainer.outputSize;
    const centre = (height >> 1) * width + (width >> 1);
    const mask = new Uint8Array(height * width);
    mask[centre] = 1;
    const classIndex = labels[centre]; // read now: the labels are transferred to the page
    const stale = () => this.explainedOnce || this.current?.explainer !== explainer || !this.input;
    setTimeout(() => {
      if (stale() || !this.queue.idle) return;
      void this.queue.enqueue(async () => {
        if (stale() || this.queue.hasPending()) return;
        await explainer.explain(this.input!, { classIndex, mask }, { methods: ['seg-grad-cam'] });
        this.explainedOnce = true;
      }, 'warm-up');
    }, WARM_UP_DELAY_MS);
  }

  /** Frees the model and the input (tests; the worker simply ends). */
  dispose(): void {
    this.release(this.current);
    this.input?.dispose();
    this.current = null;
    this.input = null;
  }

  private async threads(backend: BackendName): Promise<{ threads?: number }> {
    return backend === 'wasm' ? { threads: await wasmThreads() } : {};
  }

  /** Why webgl is not the default here (a software renderer, or WebGL that does not answer), or null. */
  private async softwareWebgl(): Promise<string | null> {
    let renderer: string | null;
    try {
      renderer = await this.detectRenderer();
    } catch (error) {
      return `${describe(error)}, so wasm; ?backend=webgl forces webgl`;
    }
    if (renderer === null || !isSoftwareRenderer(renderer)) return null;
    return `WebGL is software-rendered here (${renderer}), wasm is faster; ?backend=webgl forces webgl`;
  }

  private async tryBackend(name: BackendName, options: BackendOptions): Promise<string | null> {
    try {
      const active = await initBackend(name, options);
      return active === name ? null : `tfjs chose ${active}`;
    } catch (error) {
      return describe(error);
    }
  }

  /**
   * Only a model that builds and runs replaces the current one: a failure leaves all usable.
   * A shipped model is known to run: its declared shapes spare the forward pass that finds them.
   */
  private adopt(network: LoadedNetwork, shipped = false): ModelInfo {
    const { descriptor, warnings } = network;
    let explainer: Explainer;
    try {
      // A shipped model runs no pass here: on webgl its shaders are compiled by the first segmentation.
      const compiles = this.backend === 'webgl' && !shipped;
      this.progress({ stage: 'warmup', message: compiles ? 'Preparing the model (compiling webgl shaders)…' : `Preparing the model on ${this.backend}…` });
      explainer = explainerFor(network, { declaredShapes: shipped });
    } catch (error) {
      disposeNetwork(network);
      throw error;
    }
    this.release(this.current);
    this.input?.dispose();
    this.input = null;
    this.current = { network, explainer, descriptor, warnings };
    this.explainedOnce = false;
    this.segmentedOnce = false;
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

  /** The explainer holds no weights of its own: the model's weights are freed with the model. */
  private release(loaded: Loaded | null): void {
    loaded?.explainer.dispose();
    if (loaded) disposeNetwork(loaded.network);
  }

  private requireModel(): Loaded {
    if (!this.current) throw new Error('No model is loaded yet.');
    return this.current;
  }

  private requireInput(): tf.Tensor4D {
    if (!this.input) throw new Error('No image has been given to the model yet.');
    return this.input;
  }
}
