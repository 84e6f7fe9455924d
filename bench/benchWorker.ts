// The browser half of `npm run bench:engine`: runs the engine in a dedicated worker, as the app does.
import { initBackend, type BackendName } from '../src/engine/backends';
import { benchModel, modelLabel, timeColdStart, type ColdStartRow } from '../src/engine/benchmark';
import { loadModelFromUrl } from '../src/model/loadModel';
import { explainerFor } from '../src/model/network';

interface Request {
  backend: BackendName;
  runs: number;
  modelUrl: string;
  wasmPaths: string;
}

self.onmessage = async (event: MessageEvent<Request>) => {
  const { backend, runs, modelUrl, wasmPaths } = event.data;
  try {
    // A fresh worker: its cold start first, with the shipped model set up as the app does.
    const { phases, loaded } = await timeColdStart({
      startBackend: () => initBackend(backend, { wasmPaths }),
      loadModel: () => loadModelFromUrl(modelUrl),
      explainer: (loaded) => explainerFor(loaded, { declaredShapes: true }),
    });
    const { model, descriptor } = loaded;
    try {
      const where = `browser worker, ${backend}`;
      const row = await benchModel(model, { backend: where, name: descriptor.name, defaultLayer: descriptor.defaultLayer, runs });
      const coldStart: ColdStartRow = { where, model: modelLabel(descriptor), phases };
      self.postMessage({ row, coldStart });
    } finally {
      model.dispose();
    }
  } catch (e) {
    self.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
};
