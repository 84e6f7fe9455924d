// Which WebGL the page would get. On a machine without a GPU, Chromium renders WebGL in software
// (SwiftShader; Mesa's llvmpipe on Linux; Microsoft's "Basic Render Driver" on Windows): there
// tfjs's webgl backend runs 5–15× slower than its wasm backend, so the app starts on wasm.

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|basic render|software/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERERS.test(renderer);
}

/**
 * The unmasked renderer string (WEBGL_debug_renderer_info) of a WebGL context made on an
 * OffscreenCanvas, as the worker would make it; null without WebGL, '' when the browser
 * hides the renderer.
 */
export function webglRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  let gl: WebGL2RenderingContext | WebGLRenderingContext | null = null;
  try {
    const canvas = new OffscreenCanvas(1, 1);
    gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  } catch {
    return null;
  }
  if (!gl) return null;
  try {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
    return typeof renderer === 'string' ? renderer : '';
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}
