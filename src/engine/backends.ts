import * as tf from '@tensorflow/tfjs-core';
import { registerEngineKernels } from './kernels/register';

export type BackendName = 'webgl' | 'wasm' | 'cpu';

export interface BackendOptions {
  /** wasm in the browser: the URL folder that serves the .wasm binaries. */
  wasmPaths?: string;
  /**
   * wasm: threads for its kernels. Absent: tfjs's choice. 1: the single-threaded binary even in
   * a cross-origin isolated page. More: asked of tfjs, which caps it at half the logical cores.
   */
  threads?: number;
}

/**
 * Dynamically imports the backend package, selects it and waits until it is ready;
 * returns the active backend name. Only the requested backend is loaded, so Node
 * never touches webgl.
 */
export async function initBackend(name: BackendName, opts: BackendOptions = {}): Promise<string> {
  switch (name) {
    case 'webgl':
      await import('@tensorflow/tfjs-backend-webgl');
      registerEngineKernels('webgl');
      break;
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      if (opts.wasmPaths) wasm.setWasmPaths(opts.wasmPaths);
      if (opts.threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
      else if (opts.threads !== undefined) wasm.setThreadsCount(opts.threads);
      registerEngineKernels('wasm');
      break;
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      break;
    default:
      throw new Error(`unknown backend "${String(name)}"; use webgl, wasm or cpu`);
  }
  let ok: boolean;
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the ${name} backend could not start: ${reason}`);
  }
  if (!ok || tf.getBackend() !== name) throw new Error(`the ${name} backend could not start`);
  return tf.getBackend();
}

/** Threads the wasm backend runs on: 1 unless the page is cross-origin isolated (SharedArrayBuffer). */
export async function wasmThreads(): Promise<number> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  try {
    return wasm.getThreadsCount();
  } catch {
    return 1;
  }
}
