// The bridge between the store and the worker: it reacts to state changes (model URL, image
// source, fit, target) with worker requests and writes the results back through store actions.
// Each stream of requests (model, image source, model input, explanation) is "latest request
// wins" (latestRequest.ts). The page's fetch, base URL and image decoders are passed in, so the
// bridge runs in unit tests against a fake worker.
import type { StoreApi } from 'zustand';
import type { AppState, AppStore } from '../store';
import { DEFAULT_SCENE_SEED, LOCAL_MODEL_PREFIX, type ImageSource } from '../view';
import { changesExplanationInputs } from '../explanationInputs';
import { SUPERSEDED, type StartOptions } from '../../worker/protocol';
import { fitImage, fitMapping, sameGeometry } from '../../imaging/fitImage';
import { fetchImage, type ImageDecoder } from './imageSources';
import { LatestRequest } from './latestRequest';
import { builtInModelByUrl } from '../builtInModels';
import type { WorkerClient } from './workerClient';

export interface BridgeEnvironment {
  worker: WorkerClient;
  store: StoreApi<AppStore>;
  /** Relative URLs (model, image, featured scenes) resolve against it: the page's base URI. */
  baseUrl: string;
  fetch: typeof fetch;
  images: ImageDecoder;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Whether the promise (if any) fulfils; its rejection is reported elsewhere. */
function succeeded(promise: Promise<unknown> | undefined): Promise<boolean> {
  return promise ? promise.then(() => true, () => false) : Promise.resolve(true);
}

export class WorkerBridge {
  private readonly lifetime = new AbortController();
  private readonly modelRequests = new LatestRequest(this.lifetime.signal);
  private readonly sourceRequests = new LatestRequest(this.lifetime.signal);
  private readonly inputRequests = new LatestRequest(this.lifetime.signal);
  private readonly explainRequests = new LatestRequest(this.lifetime.signal);
  private loadedSource: ImageSource | null = null;
  /** The source of the newest image load. */
  private requestedSource: ImageSource | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly env: BridgeEnvironment) {}

  private get state(): AppStore {
    return this.env.store.getState();
  }

  private get ended(): boolean {
    return this.lifetime.signal.aborted;
  }

  private url(relative: string): string {
    return new URL(relative, this.env.baseUrl).href;
  }

  /**
   * Starts the backend, and at the same time the model's download (the worker builds it once
   * the backend runs) and the opening image: none of the three waits for another.
   * `openingKnown`: settles once the store names the opening image (the featured list picks
   * it); only the image waits for it, so a slow list never holds the worker back.
   */
  async start(options: StartOptions, openingKnown: Promise<unknown> = Promise.resolve()): Promise<void> {
    if (this.ended) return;
    this.unsubscribe = this.env.store.subscribe((s, prev) => this.react(s, prev));
    const started = this.env.worker.start(options, (progress) => {
      if (!this.ended) this.state.setProgress(progress);
    });
    const model = this.loadModelUrl(this.state.modelUrl, started);
    const source = openingKnown.catch(() => undefined).then(() => this.opening());
    try {
      const backend = await started;
      this.state.setBackend(backend);
      if (backend.fallbackReason) this.state.addNotice(`Using ${backend.backend}: ${backend.fallbackReason}.`);
    } catch (error) {
      if (this.ended) return; // a released worker (React StrictMode remount, page teardown)
      this.state.setError(`The worker could not start: ${message(error)}`);
      return;
    }
    await Promise.all([model, source]);
  }

  /** The opening image, unless the store's source (the featured pick) is already loading. */
  private opening(): Promise<void> {
    const { source } = this.state;
    return this.ended || source === this.requestedSource ? Promise.resolve() : this.loadSource(source);
  }

  /** The reaction rules: which store change causes which worker request. */
  private react(s: AppState, prev: AppState): void {
    if (s.modelUrl !== prev.modelUrl && s.modelUrl !== s.loadedModelUrl) void this.loadModelUrl(s.modelUrl);
    if (s.source !== prev.source && s.source !== this.loadedSource && s.source.kind !== 'local') void this.loadSource(s.source);
    if ((s.model !== prev.model || s.image !== prev.image) && s.model && s.image) void this.sendImage();
    else if (s.fitMode !== prev.fitMode) this.refit();
    if (changesExplanationInputs(prev, s)) void this.explain();
  }

  /**
   * After the worker was replaced (supervisedWorker.ts): ask again for what the store still
   * lacks, whose request the old worker took down with it. M and the view are untouched.
   */
  resync(): void {
    if (this.ended) return;
    const s = this.state;
    if (!s.model) void this.loadModelUrl(s.modelUrl);
    else if (!s.segmentation) void this.sendImage();
    else if (s.mask && !s.explanation) void this.explain();
  }

  /** The featured scenes; the first one is the opening scene unless the link names an image. */
  async loadFeatured(linkHasSource: boolean): Promise<void> {
    try {
      const response = await this.env.fetch(this.url('scenes/featured.json'), { signal: this.lifetime.signal });
      if (!response.ok) return;
      const list: unknown = await response.json();
      if (!Array.isArray(list) || this.ended) return;
      const featured = list.filter(
        (f): f is { seed: number; title: string } => Number.isInteger(f?.seed) && f.seed >= 0 && typeof f?.title === 'string',
      );
      this.state.setFeatured(featured);
      if (!linkHasSource && featured.length > 0) this.state.requestSource({ kind: 'scene', seed: featured[0].seed });
    } catch {
      // Featured scenes are a convenience: without them the app opens on the default seed.
    }
  }

  dispose(): void {
    this.lifetime.abort();
    this.unsubscribe?.();
  }

  /** `started`: the backend's start when it is still under way; a load it fails says nothing more. */
  async loadModelUrl(url: string, started?: Promise<unknown>): Promise<void> {
    const shipped = builtInModelByUrl(url) !== undefined;
    const outcome = await this.modelRequests.run(() => this.env.worker.loadModelFromUrl(this.url(url), { shipped }));
    if (outcome.kind === 'done') this.state.modelLoaded(outcome.value, url);
    else if (outcome.kind === 'failed' && (await succeeded(started))) {
      this.state.modelFailed(`Could not load the model ${url}: ${message(outcome.error)}`);
    }
  }

  async openModelFiles(files: File[]): Promise<void> {
    const label = files.map((f) => f.name).join(', ');
    const outcome = await this.modelRequests.run(() => this.env.worker.loadModelFromFiles(files));
    if (outcome.kind === 'done') {
      this.state.modelLoaded(outcome.value, `${LOCAL_MODEL_PREFIX} ${label}`);
      this.state.addNotice('A model opened from local files cannot travel in a link.');
    } else if (outcome.kind === 'failed') {
      this.state.modelFailed(`Could not load the model files (${label}): ${message(outcome.error)}`);
    }
  }

  async loadSource(source: ImageSource): Promise<void> {
    if (source.kind === 'local') return;
    this.requestedSource = source;
    const { images } = this.env;
    const outcome = await this.sourceRequests.run(async (signal) =>
      source.kind === 'scene' ? images.scene(source.seed, source.bias) : fetchImage(this.url(source.url), this.env.fetch, images, signal),
    );
    if (outcome.kind === 'done') {
      this.loadedSource = source;
      this.state.imageLoaded(outcome.value, source);
    } else if (outcome.kind === 'failed') {
      // Back to what was on screen; with nothing yet (a link's image failed), to a scene.
      const fallback: ImageSource = this.loadedSource ?? { kind: 'scene', seed: this.state.featured[0]?.seed ?? DEFAULT_SCENE_SEED };
      if (source.kind !== 'scene' || fallback.kind !== 'scene' || fallback.seed !== source.seed) this.state.requestSource(fallback);
      this.state.setError(message(outcome.error));
    }
  }

  async openImageBlob(blob: Blob, name: string): Promise<void> {
    const outcome = await this.sourceRequests.run(() => this.env.images.decode(blob, name));
    if (outcome.kind === 'done') {
      const source: ImageSource = { kind: 'local', name };
      this.loadedSource = source;
      this.state.imageLoaded(outcome.value, source);
      this.state.addNotice('A locally opened image cannot travel in a link: the link holds the model, class, layer and mask only.');
    } else if (outcome.kind === 'failed') {
      this.state.setError(message(outcome.error));
    }
  }

  /** Another fit mode: the image goes to the model anew, like a new image, unless nothing moves. */
  private refit(): void {
    const { model, image, fit, fitMode } = this.state;
    if (!model || !image) return;
    const next = fitMapping({ height: image.height, width: image.width }, model.inputSize, fitMode);
    // An image with the model's aspect (the scenes) fits the same way in every mode.
    if (fit && sameGeometry(fit, next)) {
      this.state.imageFitted(next);
      return;
    }
    this.state.refitStarted();
    void this.sendImage();
  }

  private async sendImage(): Promise<void> {
    const { model, image, fitMode } = this.state;
    if (!model || !image) return;
    const { worker } = this.env;
    const outcome = await this.inputRequests.run(async () => {
      const fitted = fitImage(image, model.inputSize, fitMode);
      const mapping = fitted.mapping;
      await worker.setImage(fitted.rgb, model.inputSize.height, model.inputSize.width);
      return { mapping, segmentation: await worker.segment() };
    });
    if (outcome.kind === 'done') {
      const state = this.state;
      const { mapping, segmentation } = outcome.value;
      // A mode switched meanwhile without moving anything (refit) only renames the mapping.
      state.imageFitted(state.fitMode === fitMode ? mapping : { ...mapping, mode: state.fitMode });
      state.setSegmentation(segmentation);
      state.setProgress(null);
      // this.state, not the snapshot: a click made while loading may have just become M.
      if (!this.state.mask) state.setStatus('Ready: click the scene to explain a pixel');
    } else if (outcome.kind === 'failed') {
      this.state.setError(`Could not segment the image: ${message(outcome.error)}`);
    }
  }

  private async explain(): Promise<void> {
    const s = this.state;
    if (!s.model || !s.segmentation || !s.mask || s.classIndex === null) {
      this.explainRequests.cancel();
      if (s.explaining) s.explanationCancelled();
      return;
    }
    const request = { classIndex: s.classIndex, mask: s.mask.bits.slice(), method: s.method };
    s.explanationStarted();
    const outcome = await this.explainRequests.run(() => this.env.worker.explain(request));
    if (outcome.kind === 'done') {
      if (outcome.value !== SUPERSEDED) this.state.explanationArrived(outcome.value.explanation, outcome.value.computeCount);
    } else if (outcome.kind === 'failed') {
      this.state.explanationFailed(`Explanation failed: ${message(outcome.error)}`);
    }
  }
}
