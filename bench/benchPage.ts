// Starts the benchmark worker for ?backend=webgl|wasm and publishes its result for the driver
// (src/cli/benchEngine.ts --browser) as window.__bench.
import type { BenchRow, ColdStartRow } from '../src/engine/benchmark';

type Outcome = { row: BenchRow; coldStart: ColdStartRow } | { error: string };

const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./benchWorker.ts', import.meta.url), { type: 'module' });
worker.onmessage = (event: MessageEvent<Outcome>) => {
  (window as unknown as { __bench: Outcome }).__bench = event.data;
  const out = document.getElementById('out');
  if (out) out.textContent = JSON.stringify(event.data, null, 2);
};
worker.onerror = (event) => {
  (window as unknown as { __bench: Outcome }).__bench = { error: event.message || 'worker failed to start' };
};
worker.postMessage({
  backend: params.get('backend') ?? 'webgl',
  runs: Number(params.get('runs') ?? 3),
  modelUrl: new URL('models/unet-streets/model.json', location.href).href,
  wasmPaths: new URL('tfjs-wasm/', location.href).href,
});
