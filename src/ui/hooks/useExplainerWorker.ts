// The one hook that owns the explainer worker: it creates it, starts the backend, restores the
// view from the URL hash, and hands back commands for what is not state (opening files).
import { useEffect, useRef, useState } from 'react';
import * as Comlink from 'comlink';
import { useAppStore } from '../../state/store';
import { parseViewHash } from '../../state/urlHash';
import { parseBackendParam } from '../../worker/backendParam';
import type { ExplainerApi, FaithfulnessRequest, FaithfulnessResult, SanityRequest, SanityResult, Superseded } from '../../worker/protocol';
import { WorkerBridge } from '../../state/bridge/workerBridge';
import { comlinkClient } from '../../state/bridge/workerClient';
import { BROWSER_IMAGES } from '../../state/bridge/imageSources';

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
  const remote = useRef<Comlink.Remote<ExplainerApi> | null>(null);
  const [commands] = useState<ExplainerCommands>(() => ({
    openImage: (blob, name) => void bridge.current?.openImageBlob(blob, name),
    openModelFiles: (files) => void bridge.current?.openModelFiles(files),
    faithfulness: async (request) => (remote.current ? remote.current.faithfulness(request) : null),
    sanity: async (request) => (remote.current ? remote.current.sanity(request) : null),
  }));

  useEffect(() => {
    const store = useAppStore;
    const parsedHash = parseViewHash(location.hash);
    store.getState().applyHash(parsedHash);
    const backendParam = parseBackendParam(location.search);
    if (backendParam.error) store.getState().addNotice(backendParam.error);

    const worker = new Worker(new URL('../../worker/explainer.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('error', (event) => store.getState().setError(`The worker failed: ${event.message}`));
    const api = Comlink.wrap<ExplainerApi>(worker);
    remote.current = api;
    const created = new WorkerBridge({
      worker: comlinkClient(api),
      store,
      baseUrl: document.baseURI,
      fetch: (input, init) => fetch(input, init),
      images: BROWSER_IMAGES,
    });
    bridge.current = created;
    const options = { backend: backendParam.backend, wasmPaths: new URL('tfjs-wasm/', document.baseURI).href };
    void created.loadFeatured(parsedHash.view.source !== undefined).then(() => created.start(options));
    return () => {
      created.dispose();
      bridge.current = null;
      remote.current = null;
      api[Comlink.releaseProxy]();
      worker.terminate();
    };
  }, []);

  return commands;
}
