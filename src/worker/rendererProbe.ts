import { webglRenderer } from '../engine/softwareWebgl';

/**
 * The unmasked WebGL renderer (see webglRenderer), asked in a helper worker so that this thread
 * keeps working while the browser makes its first WebGL context. Where workers cannot make
 * workers (or the helper fails to start) it is asked here.
 */
export function probeRenderer(): Promise<string | null> {
  if (typeof Worker === 'undefined') return Promise.resolve(webglRenderer());
  return new Promise((resolve) => {
    let probe: Worker;
    try {
      probe = new Worker(new URL('./rendererProbe.worker.ts', import.meta.url), { type: 'module', name: 'webgl-renderer-probe' });
    } catch {
      resolve(webglRenderer());
      return;
    }
    probe.onmessage = (event: MessageEvent<unknown>) => {
      probe.terminate();
      resolve(typeof event.data === 'string' ? event.data : null);
    };
    probe.onerror = (event) => {
      event.preventDefault();
      probe.terminate();
      resolve(webglRenderer());
    };
  });
}
