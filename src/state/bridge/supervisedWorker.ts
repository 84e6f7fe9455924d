// A watchdog outside the worker. Every call runs under a time budget (model loads and
// explanations are the long ones; progress from the worker counts as a sign of life); a worker
// that overruns it, crashes, or loses its WebGL context is terminated and a fresh one started:
// same backend (wasm when WebGL was lost and does not come back), the last model that loaded
// (else the default), the last image. Calls in flight fail with one line saying what happened;
// the store keeps M and the view, so the next request simply works. A hostile link costs
// seconds, never the tab.
import type {
  BackendInfo,
  ExplainRequest,
  ExplainResult,
  FaithfulnessRequest,
  FaithfulnessResult,
  LoadOptions,
  ModelInfo,
  ProgressListener,
  SanityRequest,
  SanityResult,
  Segmentation,
  StartOptions,
  Superseded,
} from '../../worker/protocol';
import type { EvidenceClient, WorkerClient } from './workerClient';

/** One started worker: its calls, and how to end it. */
export interface WorkerHandle {
  client: WorkerClient;
  /** The evidence panel's calls, when this worker serves them. */
  evidence?: EvidenceClient;
  terminate(): void;
}

export interface WatchdogBudgets {
  /** Silence allowed while a model loads (download, build, warm-up); progress resets it. */
  modelMs: number;
  /** Silence allowed for one explanation (the first one on software WebGL is the slowest). */
  explainMs: number;
  /** Silence allowed for the quick calls (start, setImage, segment). */
  otherMs: number;
}

/** Generous on purpose: ESPNet on software WebGL takes about 2 min to load and to explain first. */
export const DEFAULT_BUDGETS: WatchdogBudgets = { modelMs: 180_000, explainMs: 240_000, otherMs: 120_000 };

export type LastModel = { kind: 'url'; url: string; options?: LoadOptions } | { kind: 'files'; files: File[] };

export interface SupervisorEvents {
  /** Said to the user: what happened and what was restored. */
  notice(message: string): void;
  /** The restart could not bring back any model (not even the default): the store must forget it. */
  modelLost(message: string): void;
  /** A fresh worker is ready, on `backend`: the store shows it, and asks again for what it lacks. */
  restarted?(backend: BackendInfo | null): void;
}

class WorkerRestarted extends Error {}

/** The default model is built into the app (DEFAULT_MODEL_URL): its declared shapes hold. */
const DEFAULT_MODEL_LOAD: LoadOptions = { shipped: true };

export class SupervisedWorker implements WorkerClient {
  private handle: WorkerHandle;
  private generation = 0;
  private options: StartOptions | null = null;
  private progress: ProgressListener = () => undefined;
  private lastModel: LastModel | null = null;
  private lastImage: { rgb: Uint8Array; height: number; width: number } | null = null;
  /** Calls in flight on the current worker: a restart fails them all. */
  private readonly inFlight = new Set<(error: Error) => void>();
  /** Each in-flight call's silence timer restarts when the worker reports progress. */
  private readonly heartbeats = new Set<() => void>();
  private restarting: Promise<void> | null = null;
  private contextLost = false;
  restarts = 0;

  constructor(
    private readonly spawn: () => WorkerHandle,
    private readonly defaultModelUrl: string,
    private readonly events: SupervisorEvents,
    private readonly budgets: WatchdogBudgets = DEFAULT_BUDGETS,
  ) {
    this.handle = spawn();
  }

  start(options: StartOptions, onProgress: ProgressListener): Promise<BackendInfo> {
    this.options = options;
    this.progress = onProgress;
    return this.call('starting the backend', this.budgets.otherMs, (c) => c.start(options, (p) => this.onProgress(p)));
  }

  async loadModelFromUrl(url: string, options?: LoadOptions): Promise<ModelInfo> {
    const info = await this.call(`loading the model ${url}`, this.budgets.modelMs, (c) => c.loadModelFromUrl(url, options));
    this.lastModel = { kind: 'url', url, options };
    this.lastImage = null;
    return info;
  }

  async loadModelFromFiles(files: File[]): Promise<ModelInfo> {
    const info = await this.call('loading the model files', this.budgets.modelMs, (c) => c.loadModelFromFiles(files));
    this.lastModel = { kind: 'files', files };
    this.lastImage = null;
    return info;
  }

  async setImage(rgb: Uint8Array, height: number, width: number): Promise<void> {
    const kept = rgb.slice(); // the original is transferred to the worker
    await this.call('taking the image', this.budgets.otherMs, (c) => c.setImage(rgb, height, width));
    this.lastImage = { rgb: kept, height, width };
  }

  segment(): Promise<Segmentation> {
    return this.call('segmenting the image', this.budgets.otherMs, (c) => c.segment());
  }

  explain(request: ExplainRequest): Promise<ExplainResult | Superseded> {
    return this.call('explaining', this.budgets.explainMs, (c) => c.explain(request));
  }

  /** The deletion curve of a map: as long as an explanation, under the same budget. */
  faithfulness(request: FaithfulnessRequest): Promise<FaithfulnessResult | Superseded> {
    return this.call('measuring faithfulness', this.budgets.explainMs, () => this.evidence().faithfulness(request));
  }

  /** The current view on a model with re-drawn head layers: under the explanation budget. */
  sanity(request: SanityRequest): Promise<SanityResult | Superseded> {
    return this.call('running the sanity check', this.budgets.explainMs, () => this.evidence().sanity(request));
  }

  /** The worker crashed or lost its WebGL context: restart now, failing what is in flight. */
  report(reason: string, opts: { contextLost?: boolean } = {}): void {
    if (opts.contextLost) this.contextLost = true;
    void this.restart(reason);
  }

  terminate(): void {
    this.generation++;
    this.handle.terminate();
    for (const fail of this.inFlight) fail(new WorkerRestarted('the worker was closed'));
    this.inFlight.clear();
  }

  private evidence(): EvidenceClient {
    if (!this.handle.evidence) throw new Error('this worker does not measure evidence');
    return this.handle.evidence;
  }

  private onProgress(progress: Parameters<ProgressListener>[0]): void {
    for (const beat of this.heartbeats) beat();
    this.progress(progress);
  }

  private async call<T>(what: string, budgetMs: number, run: (client: WorkerClient) => Promise<T>): Promise<T> {
    if (this.restarting) await this.restarting;
    const generation = this.generation;
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        this.inFlight.delete(fail);
        this.heartbeats.delete(arm);
      };
      const fail = (error: Error): void => {
        finish();
        reject(error);
      };
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (generation !== this.generation) return;
          void this.restart(`the worker did not answer within ${Math.round(budgetMs / 1000)} s while ${what}`);
        }, budgetMs);
      };
      this.inFlight.add(fail);
      this.heartbeats.add(arm);
      arm();
      run(this.handle.client).then(
        (value) => {
          if (generation !== this.generation) return; // the restart already failed this call
          finish();
          resolve(value);
        },
        (error: unknown) => {
          if (generation !== this.generation) return;
          fail(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }

  private restart(reason: string): Promise<void> {
    if (this.restarting) return this.restarting;
    this.restarting = this.doRestart(reason).finally(() => {
      this.restarting = null;
    });
    return this.restarting;
  }

  private async doRestart(reason: string): Promise<void> {
    this.restarts++;
    this.generation++;
    this.handle.terminate();
    const failure = new WorkerRestarted(`${reason}; the worker was restarted`);
    for (const fail of this.inFlight) fail(failure);
    this.inFlight.clear();
    this.heartbeats.clear();
    this.handle = this.spawn();
    const client = this.limited(this.handle.client);
    const restored: string[] = [];
    let backendInfo: BackendInfo | null = null;
    try {
      if (this.options) {
        // WebGL that was lost once is not trusted again: wasm is the safe fallback.
        const options = this.contextLost && this.options.backend !== 'cpu' ? { ...this.options, backend: 'wasm' as const } : this.options;
        backendInfo = await client.start(options, (p) => this.onProgress(p));
        restored.push(`the ${backendInfo.backend} backend`);
      }
      const model = await this.restoreModel(client);
      if (model) restored.push(model);
      if (this.lastImage && model) {
        const { rgb, height, width } = this.lastImage;
        await client.setImage(rgb.slice(), height, width);
        restored.push('the image');
      }
    } catch (error) {
      this.events.notice(`${capitalise(reason)}. The worker was restarted but could not be restored (${error instanceof Error ? error.message : String(error)}).`);
      return;
    }
    this.events.notice(`${capitalise(reason)}. The worker was restarted with ${restored.join(', ')}; your selection and view are kept.`);
    this.events.restarted?.(backendInfo);
  }

  /** The fresh worker's calls under the same budgets, so a restore cannot hang either. */
  private limited(client: WorkerClient): WorkerClient {
    const { modelMs, otherMs } = this.budgets;
    return {
      start: (options, onProgress) => withTimeout(client.start(options, onProgress), otherMs, 'starting the backend'),
      loadModelFromUrl: (url, options) => withTimeout(client.loadModelFromUrl(url, options), modelMs, 'restoring the model'),
      loadModelFromFiles: (files) => withTimeout(client.loadModelFromFiles(files), modelMs, 'restoring the model'),
      setImage: (rgb, height, width) => withTimeout(client.setImage(rgb, height, width), otherMs, 'restoring the image'),
      segment: () => withTimeout(client.segment(), otherMs, 'segmenting'),
      explain: (request) => withTimeout(client.explain(request), this.budgets.explainMs, 'explaining'),
    };
  }

  /** The last model that loaded, else the default one; what was restored, in words. */
  private async restoreModel(client: WorkerClient): Promise<string | null> {
    const last = this.lastModel;
    if (last) {
      try {
        if (last.kind === 'url') await client.loadModelFromUrl(last.url, last.options);
        else await client.loadModelFromFiles(last.files);
        return 'the previous model';
      } catch {
        // fall through to the default model
      }
    }
    try {
      await client.loadModelFromUrl(this.defaultModelUrl, DEFAULT_MODEL_LOAD);
    } catch (error) {
      this.lastModel = null;
      this.events.modelLost(`no model could be restored: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    if (last) this.events.modelLost('the previous model could not be restored; the default model is loaded');
    this.lastModel = { kind: 'url', url: this.defaultModelUrl, options: DEFAULT_MODEL_LOAD };
    this.lastImage = null;
    return 'the default model';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 1000)} s while ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
