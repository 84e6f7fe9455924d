// The one hook that owns the explainer worker: it creates it, starts the backend, restores the
// view from the URL hash, and hands back commands for what is not state (opening files).
import { useLayoutEffect, useRef, useState } from 'react';
import * as Comlink from 'comlink';
import { useAppStore } from '../../state/store';
import { parseViewHash } from '../../state/urlHash';
import { parseBackendParam, parseThreadsParam } from '../../worker/backendParam';
import { openingName, type Opening } from '../../worker/opening';
import type { ExplainerApi, FaithfulnessRequest, FaithfulnessResult, SanityRequest, SanityResult, StartOptions, Superseded } from '../../worker/protocol';
import { WorkerBridge } from '../../state/bridge/workerBridge';
import { comlinkClient, comlinkEvidenceClient } from '../../state/bridge/workerClient';
import { BROWSER_IMAGES } from '../../state/bridge/imageSources';
import { DEFAULT_BUDGETS, SupervisedWorker, type WatchdogBudgets, type WorkerHandle } from '../../state/bridge/supervisedWorker';
import { DEFAULT_MODEL_URL } from '../../state/view';
import { CONTEXT_LOST_MESSAGE } from '../../worker/messages';

/** `?watchdog=SECONDS` shortens every budget (browser tests of the watchdog). */
function watchdogBudgets(search: string): WatchdogBudgets {
  const seconds = Number(new URLSearchParams(search).get('watchdog'));
  if (!(seconds > 0)) return DEFAULT_BUDGETS;
  const ms = seconds * 1000;
  return { modelMs: ms, explainMs: ms, otherMs: ms };
}

/** How the worker starts, from the page's URL (?backend=, ?threads=). */
function startOptions(): StartOptions {
  return {
    backend: parseBackendParam(location.search).backend,
    wasmPaths: new URL('tfjs-wasm/', document.baseURI).href,
    threads: parseThreadsParam(location.search).threads,
  };
}

/**
 * The worker's opening (opening.ts): its start options, and the default model when the link
 * names no other. A link's own model waits for the page, which may ask the user first.
 */
function opening(): Opening {
  const linked = parseViewHash(location.hash).view.modelUrl;
  if (linked !== undefined && linked !== DEFAULT_MODEL_URL) return { start: startOptions() };
  return { start: startOptions(), model: { url: new URL(DEFAULT_MODEL_URL, document.baseURI).href, options: { shipped: true } } };
}

function createWorker(name: string): Worker {
  return new Worker(new URL('../../worker/explainer.worker.ts', import.meta.url), { type: 'module', name });
}

/** A worker created before the first render; the first spawn adopts it with what it said so far. */
let prestarted: { worker: Worker; crash: string | null } | null = null;

/**
 * Creates the explainer worker at once: fetching and evaluating its bundle and starting its
 * backend then overlap React's first render instead of following it.
 */
export function prestartExplainerWorker(): void {
  if (prestarted) return;
  const early = { worker: createWorker(openingName(opening())), crash: null as string | null };
  early.worker.addEventListener('error', (event) => (early.crash ??= event.message || 'no message'), { once: true });
  prestarted = early;
}

export interface ExplainerCommands {
  openImage(blob: Blob, name: string): void;
  openModelFiles(files: File[]): void;
  /** Deletion/insertion AUC of a map on the current image (the evidence panel). */
  faithfulness(request: FaithfulnessRequest): Promise<FaithfulnessResult | Superseded | null>;
  /** The current map beside the same map with the model's head re-drawn. */
  sanity(request: SanityRequest): Promise<SanityResult | Superseded | null>;
}

export function useExplainerWorker(): ExplainerCommands {
  const bridge = useRef<WorkerBridge | null>(null);
  const supervised = useRef<SupervisedWorker | null>(null);
  const [commands] = useState<ExplainerCommands>(() => ({
    openImage: (blob, name) => void bridge.current?.openImageBlob(blob, name),
    openModelFiles: (files) => void bridge.current?.openModelFiles(files),
    faithfulness: async (request) => (supervised.current ? supervised.current.faithfulness(request) : null),
    sanity: async (request) => (supervised.current ? supervised.current.sanity(request) : null),
  }));

  useLayoutEffect(() => {
    const store = useAppStore;
    const parsedHash = parseViewHash(location.hash);
    store.getState().applyHash(parsedHash);
    for (const error of [parseBackendParam(location.search).error, parseThreadsParam(location.search).error]) {
      if (error) store.getState().addNotice(error);
    }

    // The watchdog (supervisedWorker.ts) replaces a worker that hangs, crashes or loses WebGL.
    let supervisor: SupervisedWorker | null = null;
    const spawn = (): WorkerHandle => {
      const adopted = prestarted;
      prestarted = null;
      // A restarted worker starts its backend at once too; the watchdog brings back the model.
      const worker = adopted?.worker ?? createWorker(openingName({ start: startOptions() }));
      const api = Comlink.wrap<ExplainerApi>(worker);
      worker.addEventListener('error', (event) => supervisor?.report(`the worker crashed (${event.message || 'no message'})`));
      // A crash before this hook listened is reported once the supervisor exists.
      if (adopted?.crash) setTimeout(() => supervisor?.report(`the worker crashed (${adopted.crash})`), 0);
      worker.addEventListener('message', (event: MessageEvent<{ type?: string }>) => {
        if (event.data?.type === CONTEXT_LOST_MESSAGE) supervisor?.report('the WebGL context was lost', { contextLost: true });
      });
      return {
        client: comlinkClient(api),
        evidence: comlinkEvidenceClient(api),
        terminate: () => {
          api[Comlink.releaseProxy]();
          worker.terminate();
        },
      };
    };
    supervisor = new SupervisedWorker(
      spawn,
      new URL(DEFAULT_MODEL_URL, document.baseURI).href,
      {
        notice: (message) => store.getState().addNotice(message),
        modelLost: (message) => {
          store.getState().addNotice(`The model could not be restored: ${message}.`);
          store.getState().requestModel(DEFAULT_MODEL_URL);
        },
        restarted: (backend) => {
          if (backend) store.getState().setBackend(backend);
          bridge.current?.resync();
        },
      },
      watchdogBudgets(location.search),
    );
    supervised.current = supervisor;
    const created = new WorkerBridge({
      worker: supervisor,
      store,
      baseUrl: document.baseURI,
      fetch: (input, init) => fetch(input, init),
      images: BROWSER_IMAGES,
    });
    bridge.current = created;
    void created.start(startOptions(), created.loadFeatured(parsedHash.view.source !== undefined));
    return () => {
      created.dispose();
      bridge.current = null;
      supervisor?.terminate();
      supervised.current = null;
    };
  }, []);

  return commands;
}
