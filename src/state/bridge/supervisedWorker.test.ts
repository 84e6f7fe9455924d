// The watchdog: a worker that stops answering, crashes or loses WebGL is replaced by a fresh one
// with the same backend (wasm after a context loss), the last model and image; calls in flight
// fail with one line, later calls work.
import { describe, expect, it } from 'vitest';
import type { ExplainRequest, ExplainResult, FaithfulnessRequest, FaithfulnessResult, LoadOptions, ModelInfo, SanityRequest, SanityResult, Segmentation, StartOptions } from '../../worker/protocol';
import { SupervisedWorker, type WorkerHandle } from './supervisedWorker';
import type { WorkerClient } from './workerClient';

const OPTIONS: StartOptions = { backend: 'webgl', wasmPaths: '/tfjs-wasm/' };
const BUDGETS = { modelMs: 150, explainMs: 150, otherMs: 150 };
const DEFAULT = 'https://app.test/models/default/model.json';

function info(name: string): ModelInfo {
  return { descriptor: { name } } as unknown as ModelInfo;
}

/** A fake worker; `hang` names the calls that never answer, `log` records every call of every worker. */
class FakeWorker implements WorkerClient {
  terminated = false;
  constructor(
    readonly id: number,
    readonly log: string[],
    readonly hang: Set<string>,
    readonly failUrls: Set<string>,
  ) {}
  private answer<T>(what: string, value: T): Promise<T> {
    this.log.push(`${this.id} ${what}`);
    const name = what.split(' ')[0];
    return this.hang.has(name) || this.hang.has(what) ? new Promise(() => undefined) : Promise.resolve(value);
  }
  start(options: StartOptions, onProgress: (p: { stage: 'model'; message: string }) => void) {
    onProgress({ stage: 'model', message: 'starting' });
    return this.answer(`start ${options.backend}`, { backend: options.backend ?? 'webgl', fallbackReason: null });
  }
  loadModelFromUrl(url: string, options?: LoadOptions) {
    const what = `model ${url}${options?.shipped ? ' (shipped)' : ''}`;
    if (this.failUrls.has(url)) {
      this.log.push(`${this.id} ${what}`);
      return Promise.reject(new Error(`cannot load ${url}`));
    }
    return this.answer(what, info(url));
  }
  loadModelFromFiles(files: File[]) {
    return this.answer(`files ${files.length}`, info('files'));
  }
  setImage(rgb: Uint8Array, height: number, width: number) {
    return this.answer(`image ${height}x${width} ${rgb[0]}`, undefined);
  }
  segment() {
    return this.answer('segment', {} as Segmentation);
  }
  explain(request: ExplainRequest) {
    return this.answer(`explain ${request.classIndex}`, { computeCount: 1 } as ExplainResult);
  }
  faithfulness(request: FaithfulnessRequest) {
    return this.answer(`faithfulness ${request.classIndex}`, { deletionAuc: 0.25 } as unknown as FaithfulnessResult);
  }
  sanity(request: SanityRequest) {
    return this.answer(`sanity ${request.layer}`, { layer: request.layer } as unknown as SanityResult);
  }
}

function setup(hangFirst: string[] = [], failUrls: string[] = []) {
  const log: string[] = [];
  const notices: string[] = [];
  const lost: string[] = [];
  const workers: FakeWorker[] = [];
  const spawn = (): WorkerHandle => {
    // Only the first worker hangs: the replacement is healthy.
    const worker = new FakeWorker(workers.length, log, new Set(workers.length === 0 ? hangFirst : []), new Set(failUrls));
    workers.push(worker);
    return { client: worker, evidence: worker, terminate: () => (worker.terminated = true) };
  };
  const backends: string[] = [];
  const supervisor = new SupervisedWorker(
    spawn,
    DEFAULT,
    { notice: (m) => notices.push(m), modelLost: (m) => lost.push(m), restarted: (b) => backends.push(b?.backend ?? 'none') },
    BUDGETS,
  );
  return { supervisor, log, notices, lost, workers, backends };
}

const request: ExplainRequest = { classIndex: 2, mask: new Uint8Array(4), method: 'seg-grad-cam' };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SupervisedWorker', () => {
  it('an explanation that never answers: the worker is replaced with the same backend, model and image', async () => {
    const { supervisor, log, notices, workers } = setup(['explain']);
    await supervisor.start(OPTIONS, () => undefined);
    await supervisor.loadModelFromUrl('https://app.test/m/model.json');
    await supervisor.setImage(Uint8Array.of(7, 7, 7), 1, 1);
    await expect(supervisor.explain(request)).rejects.toThrow('the worker did not answer within 0 s while explaining; the worker was restarted');
    await wait(20);
    expect(workers[0].terminated).toBe(true);
    expect(log.filter((l) => l.startsWith('1 '))).toEqual(['1 start webgl', '1 model https://app.test/m/model.json', '1 image 1x1 7']);
    expect(notices).toEqual([
      'The worker did not answer within 0 s while explaining. The worker was restarted with the webgl backend, the previous model, the image; your selection and view are kept.',
    ]);
    await expect(supervisor.explain(request)).resolves.toEqual({ computeCount: 1 });
    expect(log.at(-1)).toBe('1 explain 2');
  });

  it('a built-in model is restored as built in: no shape-finding pass after a crash', async () => {
    const { supervisor, log } = setup(['explain'], ['https://app.test/gone/model.json']);
    await supervisor.start(OPTIONS, () => undefined);
    await supervisor.loadModelFromUrl('https://app.test/m/model.json', { shipped: true });
    await expect(supervisor.explain(request)).rejects.toThrow('the worker was restarted');
    await wait(20);
    expect(log.filter((l) => l.startsWith('1 model'))).toEqual(['1 model https://app.test/m/model.json (shipped)']);

  });

  it('a sanity check or deletion curve that never answers is cut like an explanation; the next one works', async () => {
    const { supervisor, log, notices, workers } = setup(['sanity']);
    await supervisor.start(OPTIONS, () => undefined);
    await supervisor.loadModelFromUrl('https://app.test/m/model.json');
    await supervisor.setImage(Uint8Array.of(5, 5, 5), 1, 1);
    const sanity: SanityRequest = { classIndex: 2, mask: new Uint8Array(4), method: 'seg-grad-cam', layer: 'dec2' };
    await expect(supervisor.sanity(sanity)).rejects.toThrow('while running the sanity check; the worker was restarted');
    await wait(20);
    expect(workers[0].terminated).toBe(true);
    expect(notices[0]).toContain('the previous model, the image');
    await expect(supervisor.sanity(sanity)).resolves.toEqual({ layer: 'dec2' });
    await expect(supervisor.faithfulness({ classIndex: 2, mask: new Uint8Array(4), map: new Float32Array(4) })).resolves.toEqual({ deletionAuc: 0.25 });
    expect(log.slice(-2)).toEqual(['1 sanity dec2', '1 faithfulness 2']);
  });

  it('a model load that hangs (a graph tfjs loops on): it fails within the budget and the previous model comes back', async () => {
    const { supervisor, log, notices } = setup(['model https://evil.test/cyclic/model.json']);
    await supervisor.start(OPTIONS, () => undefined);
    await supervisor.loadModelFromUrl(DEFAULT);
    const started = performance.now();
    await expect(supervisor.loadModelFromUrl('https://evil.test/cyclic/model.json')).rejects.toThrow(
      'the worker did not answer within 0 s while loading the model https://evil.test/cyclic/model.json; the worker was restarted',
    );
    expect(performance.now() - started).toBeLessThan(1000);
    await wait(20);
    expect(log.filter((l) => l.startsWith('1 '))).toEqual(['1 start webgl', `1 model ${DEFAULT}`]);
    expect(notices[0]).toMatch(/restarted with the webgl backend, the previous model; your selection/);
  });

  it('with no model yet, the default model is restored', async () => {
    const { supervisor, log } = setup(['model https://evil.test/cyclic/model.json']);
    await supervisor.start(OPTIONS, () => undefined);
    await expect(supervisor.loadModelFromUrl('https://evil.test/cyclic/model.json')).rejects.toThrow(/did not answer/);
    await wait(20);
    expect(log.filter((l) => l.startsWith('1 '))).toEqual(['1 start webgl', `1 model ${DEFAULT} (shipped)`]);
  });

  it('progress from the worker keeps a long call alive', async () => {
    const { supervisor } = setup();
    let progress: ((p: never) => void) | null = null;
    const slow: WorkerClient = {
      start: async (_o, onProgress) => {
        progress = onProgress as never;
        return { backend: 'wasm', fallbackReason: null };
      },
      loadModelFromUrl: async () => {
        for (let i = 0; i < 6; i++) {
          await wait(60);
          (progress as unknown as (p: object) => void)({ stage: 'model', message: `${i}` });
        }
        return info('slow');
      },
      loadModelFromFiles: async () => info('x'),
      setImage: async () => undefined,
      segment: async () => ({}) as Segmentation,
      explain: async () => ({}) as ExplainResult,
    };
    const patient = new SupervisedWorker(() => ({ client: slow, terminate: () => undefined }), DEFAULT, { notice: () => undefined, modelLost: () => undefined }, BUDGETS);
    await patient.start(OPTIONS, () => undefined);
    await expect(patient.loadModelFromUrl('slow')).resolves.toEqual(info('slow')); // 360 ms in all, never 150 ms silent
    expect(patient.restarts).toBe(0);
    supervisor.terminate();
  });

  it('WebGL context lost: restarted on wasm, and what was in flight fails with the reason', async () => {
    const { supervisor, log, notices, backends } = setup(['explain']);
    await supervisor.start(OPTIONS, () => undefined);
    await supervisor.loadModelFromUrl('https://app.test/m/model.json');
    const pending = supervisor.explain(request);
    supervisor.report('the WebGL context was lost', { contextLost: true });
    await expect(pending).rejects.toThrow('the WebGL context was lost; the worker was restarted');
    await wait(20);
    expect(log.filter((l) => l.startsWith('1 '))).toEqual(['1 start wasm', '1 model https://app.test/m/model.json']);
    expect(notices).toEqual(['The WebGL context was lost. The worker was restarted with the wasm backend, the previous model; your selection and view are kept.']);
    expect(backends).toEqual(['wasm']);
  });

  it('a crash when the previous model cannot be restored: the default model, and the store is told', async () => {
    const { supervisor, log, lost } = setup([], []);
    await supervisor.start(OPTIONS, () => undefined);
    await supervisor.loadModelFromFiles([new File(['x'], 'model.json')]);
    // The files "vanish": make every worker after the first refuse them.
    const original = FakeWorker.prototype.loadModelFromFiles;
    FakeWorker.prototype.loadModelFromFiles = function () {
      return Promise.reject(new Error('the files are gone'));
    };
    try {
      supervisor.report('the worker crashed (out of memory)');
      await wait(20);
    } finally {
      FakeWorker.prototype.loadModelFromFiles = original;
    }
    expect(log.filter((l) => l.startsWith('1 '))).toEqual(['1 start webgl', `1 model ${DEFAULT} (shipped)`]);
    expect(lost).toEqual(['the previous model could not be restored; the default model is loaded']);
  });
});
