import { webglRenderer } from '../engine/softwareWebgl';

/** Longer than any first WebGL context measured here (0.9 s on a loaded 2-core VM). */
export const RENDERER_PROBE_TIMEOUT_MS = 5000;

/**
 * The unmasked WebGL renderer (see webglRenderer), asked in a helper worker so that this thread
 * keeps working while the browser makes its first WebGL context. Where workers cannot make
 * workers (or the helper fails to start) it is asked here. Rejects when the helper gives no
 * answer in time: a browser whose WebGL hangs is no place for the webgl backend either.
 */
export function probeRenderer(timeoutMs = RENDERER_PROBE_TIMEOUT_MS): Promise<string | null> {
  if (typeof Worker === 'undefined') return Promise.resolve(webglRenderer());
  return new Promise((resolve, reject) => {
    let probe: Worker;
    try {
      probe = new Worker(new URL('./rendererProbe.worker.ts', import.meta.url), { type: 'module', name: 'webgl-renderer-probe' });
    } catch {
      resolve(webglRenderer());
      return;
    }
    const settle = (answer: () => void) => {
      clearTimeout(timer);
      probe.terminate();
      answer();
    };
    const timer = setTimeout(() => settle(() => reject(new Error(`WebGL gave no answer within ${timeoutMs / 1000} s`))), timeoutMs);
    probe.onmessage = (event: MessageEvent<unknown>) => settle(() => resolve(typeof event.data === 'string' ? event.data : null));
    probe.onerror = (event) => {
      event.preventDefault();
      settle(() => resolve(webglRenderer()));
    };
  });
}
