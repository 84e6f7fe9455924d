// The one hook that owns the explainer worker: it creates it, starts the backend, restores the
// view from the URL hash, and hands back commands for what is not state (opening files).
import { useEffect, useRef, useState } from 'react';
import * as Comlink from 'comlink';
import { useAppStore } from '../../state/store';
import { parseViewHash } from '../../state/urlHash';
import { parseBackendParam } from '../../worker/backendParam';
import type { ExplainerApi } from '../../worker/protocol';
import { WorkerBridge } from '../../state/bridge/workerBridge';
import { comlinkClient } from '../../state/bridge/workerClient';
import { BROWSER_IMAGES } from '../../state/bridge/imageSources';

export interface ExplainerCommands {
  openImage(blob: Blob, name: string): void;
  openModelFiles(files: File[]): void;
}

export function useExplainerWorker(): ExplainerCommands {
  const bridge = useRef<WorkerBridge | null>(null);
  const [commands] = useState<ExplainerCommands>(() => ({
    openImage: (blob, name) => void bridge.current?.openImageBlob(blob, name),
    openModelFiles: (files) => void bridge.current?.openModelFiles(files),
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
      api[Comlink.releaseProxy]();
      worker.terminate();
    };
  }, []);

  return commands;
}
