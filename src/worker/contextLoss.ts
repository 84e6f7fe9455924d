// Inside the worker: tell the page when tfjs's WebGL context is lost (GPU reset, driver crash,
// too many contexts), so the watchdog outside restarts the worker. The page listens for
// CONTEXT_LOST_MESSAGE beside the Comlink traffic.
import * as tf from '@tensorflow/tfjs-core';
import { CONTEXT_LOST_MESSAGE } from './messages';

export { CONTEXT_LOST_MESSAGE };

interface WebglBackendLike {
  gpgpu?: { gl?: WebGLRenderingContext | WebGL2RenderingContext };
}

/** The webgl backend's context, or null on other backends. */
function tfjsContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as WebglBackendLike).gpgpu?.gl ?? null;
}

/**
 * Posts CONTEXT_LOST_MESSAGE when the context is lost, and offers the browser tests a way to
 * lose it on purpose (WEBGL_lose_context), as `self.segcamLoseWebglContext()`.
 */
export function watchWebglContext(post: (message: unknown) => void): void {
  const gl = tfjsContext();
  if (!gl) return;
  const canvas = gl.canvas as OffscreenCanvas | HTMLCanvasElement;
  canvas.addEventListener('webglcontextlost', () => post({ type: CONTEXT_LOST_MESSAGE }), { once: true });
  (globalThis as { segcamLoseWebglContext?: () => boolean }).segcamLoseWebglContext = () => {
    const extension = gl.getExtension('WEBGL_lose_context');
    extension?.loseContext();
    return extension !== null;
  };
}
