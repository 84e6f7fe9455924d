// Runs the conformance worker for ?backend=webgl|wasm (against cpu) and publishes its report
// for e2e/conformance.spec.ts as window.__conformance.
import type { ConformanceOutcome } from './conformanceWorker';

const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./conformanceWorker.ts', import.meta.url), { type: 'module' });
const publish = (outcome: ConformanceOutcome): void => {
  (window as unknown as { __conformance: ConformanceOutcome }).__conformance = outcome;
  const out = document.getElementById('out');
  if (out) out.textContent = JSON.stringify(outcome, null, 2);
};
worker.onmessage = (event: MessageEvent<ConformanceOutcome>) => publish(event.data);
worker.onerror = (event) => publish({ error: event.message || 'worker failed to start' });
worker.postMessage({
  backend: params.get('backend') ?? 'webgl',
  models: (params.get('models') ?? '').split(',').filter(Boolean),
  kinds: (params.get('kinds') ?? '').split(',').filter(Boolean),
  wasmPaths: new URL('tfjs-wasm/', location.href).href,
});
