// The browser half of `npm run bench:engine`: runs the engine in a dedicated worker, as the app does.
import { initBackend, type BackendName } from '../src/engine/backends';
import { benchModel } from '../src/engine/benchmark';
import { loadModelFromUrl } from '../src/model/loadModel';

interface Request {
  backend: BackendName;
  runs: number;
  modelUrl: string;
  wasmPaths: string;
}

self.onmessage = async (event: MessageEvent<Request>) => {
  const { backend, runs, modelUrl, wasmPaths } = event.data;
  try {
    const active = await initBackend(backend, { wasmPaths });
    const { model, descriptor } = await loadModelFromUrl(modelUrl);
    try {
      const row = await benchModel(model, { backend: `browser worker, ${active}`, name: descriptor.name, defaultLayer: descriptor.defaultLayer, runs });
      self.postMessage({ row });
    } finally {
      model.dispose();
    }
  } catch (e) {
    self.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};
