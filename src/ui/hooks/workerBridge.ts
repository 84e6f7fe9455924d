// The bridge between the store and the worker: it reacts to state changes (model URL, image
// source, target) with worker requests and writes the results back. Stale results are dropped:
// every request carries a sequence number, and only the newest one's answer is applied.
import * as Comlink from 'comlink';
import type { StoreApi, UseBoundStore } from 'zustand';
import type { AppStore } from '../../state/store';
import { shareableView } from '../../state/store';
import { DEFAULT_SCENE_SEED, LOCAL_MODEL_PREFIX, type ImageSource } from '../../state/view';
import { parseViewHash, serializeView } from '../../state/urlHash';
import { SUPERSEDED, type ExplainerApi, type Progress, type StartOptions } from '../../worker/protocol';
import { fitImage, fitMapping, sameGeometry } from '../lib/fitImage';
import { fromWire } from '../../worker/wireExplanation';
import { decodeImageBlob, fetchImage, sceneImage } from './imageSources';

type Store = UseBoundStore<StoreApi<AppStore>>;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class WorkerBridge {
  private readonly unsubscribe: (() => void)[] = [];
  private modelSeq = 0;
  private sourceSeq = 0;
  private inputSeq = 0;
  private explainSeq = 0;
  private loadedSource: ImageSource | null = null;
  private disposed = false;

  constructor(
    private readonly api: Comlink.Remote<ExplainerApi>,
    private readonly store: Store,
  ) {}

  async start(options: StartOptions): Promise<void> {
    if (this.disposed) return;
    const onProgress = Comlink.proxy((progress: Progress) => {
      if (!this.disposed) this.store.getState().setProgress(progress);
    });
    this.unsubscribe.push(
      this.store.subscribe((s, prev) => {
        if (s.modelUrl !== prev.modelUrl && s.modelUrl !== s.loadedModelUrl) void this.loadModelUrl(s.modelUrl);
        if (s.source !== prev.source && s.source !== this.loadedSource && s.source.kind !== 'local') void this.loadSource(s.source);
        if ((s.model !== prev.model || s.image !== prev.image) && s.model && s.image) void this.sendImage();
        else if (s.fitMode !== prev.fitMode) this.refit();
        if (
          s.segmentation !== prev.segmentation ||
          s.mask !== prev.mask ||
          s.classIndex !== prev.classIndex ||
          s.method !== prev.method
        ) {
          void this.explain();
        }
        this.writeHash();
      }),
    );
    // A link pasted into this tab changes only the hash: apply it like a fresh load would.
    const onHashChange = (): void => {
      if (location.hash !== this.lastHash) this.store.getState().applyHash(parseViewHash(location.hash));
    };
    window.addEventListener('hashchange', onHashChange);
    this.unsubscribe.push(() => window.removeEventListener('hashchange', onHashChange));
    const state = this.store.getState();
    try {
      const backend = await this.api.start(options, onProgress);
      state.setBackend(backend);
      if (backend.fallbackReason) state.addNotice(`Using ${backend.backend}: ${backend.fallbackReason}.`);
    } catch (error) {
      if (this.disposed) return; // a released worker (React StrictMode remount, page teardown)
      state.setError(`The worker could not start: ${message(error)}`);
      return;
    }
    await Promise.all([this.loadModelUrl(state.modelUrl), this.loadSource(this.store.getState().source)]);
  }

  /** The featured scenes; the first one is the opening scene unless the link names an image. */
  async loadFeatured(linkHasSource: boolean): Promise<void> {
    try {
      const response = await fetch(new URL('scenes/featured.json', document.baseURI).href);
      if (!response.ok) return;
      const list: unknown = await response.json();
      if (!Array.isArray(list)) return;
      const featured = list.filter(
        (f): f is { seed: number; title: string } => Number.isInteger(f?.seed) && f.seed >= 0 && typeof f?.title === 'string',
      );
      const state = this.store.getState();
      state.setFeatured(featured);
      if (!linkHasSource && featured.length > 0) state.requestSource({ kind: 'scene', seed: featured[0].seed });
    } catch {
      // Featured scenes are a convenience: without them the app opens on the default seed.
    }
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe.forEach((u) => u());
  }

  async loadModelUrl(url: string): Promise<void> {
    const seq = ++this.modelSeq;
    try {
      const model = await this.api.loadModelFromUrl(new URL(url, document.baseURI).href);
      if (seq === this.modelSeq && !this.disposed) this.store.getState().modelLoaded(model, url);
    } catch (error) {
      if (this.disposed) return; // a released worker (React StrictMode remount, page teardown)
      if (seq === this.modelSeq) this.store.getState().modelFailed(`Could not load the model ${url}: ${message(error)}`);
    }
  }

  async openModelFiles(files: File[]): Promise<void> {
    const seq = ++this.modelSeq;
    const label = files.map((f) => f.name).join(', ');
    try {
      const model = await this.api.loadModelFromFiles(files);
      if (seq !== this.modelSeq) return;
      const state = this.store.getState();
      state.modelLoaded(model, `${LOCAL_MODEL_PREFIX} ${label}`);
      state.addNotice('A model opened from local files cannot travel in a link.');
    } catch (error) {
      if (this.disposed) return; // a released worker (React StrictMode remount, page teardown)
      if (seq === this.modelSeq) this.store.getState().modelFailed(`Could not load the model files (${label}): ${message(error)}`);
    }
  }

  async loadSource(source: ImageSource): Promise<void> {
    if (source.kind === 'local') return;
    const seq = ++this.sourceSeq;
    try {
      const image = source.kind === 'scene' ? sceneImage(source.seed) : await fetchImage(new URL(source.url, document.baseURI).href);
      if (seq !== this.sourceSeq) return;
      this.loadedSource = source;
      this.store.getState().imageLoaded(image, source);
    } catch (error) {
      if (this.disposed) return; // a released worker (React StrictMode remount, page teardown)
      if (seq !== this.sourceSeq) return;
      const state = this.store.getState();
      // Back to what was on screen; with nothing yet (a link's image failed), to a scene.
      const fallback: ImageSource = this.loadedSource ?? { kind: 'scene', seed: state.featured[0]?.seed ?? DEFAULT_SCENE_SEED };
      if (source.kind !== 'scene' || fallback.kind !== 'scene' || fallback.seed !== source.seed) state.requestSource(fallback);
      state.setError(message(error));
    }
  }

  async openImageBlob(blob: Blob, name: string): Promise<void> {
    const seq = ++this.sourceSeq;
    try {
      const image = await decodeImageBlob(blob, name);
      if (seq !== this.sourceSeq) return;
      const source: ImageSource = { kind: 'local', name };
      this.loadedSource = source;
      const state = this.store.getState();
      state.imageLoaded(image, source);
      state.addNotice('A locally opened image cannot travel in a link: the link holds the model, class, layer and mask only.');
    } catch (error) {
      if (this.disposed) return; // a released worker (React StrictMode remount, page teardown)
      if (seq === this.sourceSeq) this.store.getState().setError(message(error));
    }
  }

  /** Another fit mode: the image goes to the model anew, like a new image, unless nothing moves. */
  private refit(): void {
    const state = this.store.getState();
    const { model, image, fit, fitMode } = state;
    if (!model || !image) return;
    const next = fitMapping({ height: image.height, width: image.width }, model.inputSize, fitMode);
    // An image with the model's aspect (the scenes) fits the same way in every mode.
    if (fit && sameGeometry(fit, next)) {
      state.imageFitted(next);
      return;
    }
    state.refitStarted();
    void this.sendImage();
  }

  private async sendImage(): Promise<void> {
    const { model, image, fitMode } = this.store.getState();
    if (!model || !image) return;
    const seq = ++this.inputSeq;
    try {
      const fitted = fitImage(image.rgba, image.width, image.height, model.inputSize, fitMode);
      await this.api.setImage(Comlink.transfer(fitted.rgb, [fitted.rgb.buffer]), model.inputSize.height, model.inputSize.width);
      const segmentation = await this.api.segment();
      if (seq !== this.inputSeq || this.disposed) return;
      const state = this.store.getState();
      // A mode switched meanwhile without moving anything (refit) only renames the mapping.
      state.imageFitted(state.fitMode === fitMode ? fitted.mapping : { ...fitted.mapping, mode: state.fitMode });
      state.setSegmentation(segmentation);
      state.setProgress(null);
      if (!state.mask) state.setStatus('Ready: click the scene to explain a pixel');
    } catch (error) {
      if (this.disposed) return; // a released worker (React StrictMode remount, page teardown)
      if (seq === this.inputSeq) this.store.getState().setError(`Could not segment the image: ${message(error)}`);
    }
  }

  private async explain(): Promise<void> {
    const s = this.store.getState();
    const seq = ++this.explainSeq;
    if (!s.model || !s.segmentation || !s.mask || s.classIndex === null) {
      if (s.explaining) this.store.setState({ explaining: false });
      return;
    }
    s.explanationStarted();
    try {
      const result = await this.api.explain({ classIndex: s.classIndex, mask: s.mask.bits.slice(), method: s.method });
      if (result === SUPERSEDED || seq !== this.explainSeq || this.disposed) return;
      this.store.getState().explanationArrived(fromWire(result.explanation), result.computeCount);
    } catch (error) {
      if (this.disposed) return; // a released worker (React StrictMode remount, page teardown)
      if (seq === this.explainSeq) this.store.getState().explanationFailed(`Explanation failed: ${message(error)}`);
    }
  }

  private lastHash = '';
  private writeHash(): void {
    const s = this.store.getState();
    if (!s.model) return; // until the first model is in, the hash still holds what the link asked for
    const hash = serializeView(shareableView(s));
    if (hash === this.lastHash) return;
    this.lastHash = hash;
    history.replaceState(null, '', hash);
  }
}
