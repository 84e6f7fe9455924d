import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Files the app fetches at run time straight from packages: served in dev, copied into the
// build, so a static host needs nothing else. The tfjs wasm backend fetches its binaries from a
// URL prefix (tfjs-wasm/); coi-serviceworker must be its own file at the app's root.
const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));
const WASM_DIST = `${packageDir('@tensorflow/tfjs-backend-wasm')}/dist`;
const PACKAGE_FILES: Record<string, { from: string; type: string }> = {
  ...Object.fromEntries(
    ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map((file) => [
      `tfjs-wasm/${file}`,
      { from: join(WASM_DIST, file), type: 'application/wasm' },
    ]),
  ),
  'coi-serviceworker.js': { from: join(packageDir('coi-serviceworker'), 'coi-serviceworker.min.js'), type: 'text/javascript' },
};

function packageFiles(): Plugin {
  return {
    name: 'package-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const served = Object.keys(PACKAGE_FILES).find((name) => req.url?.split('?')[0].endsWith(`/${name}`));
        if (!served) return next();
        res.setHeader('Content-Type', PACKAGE_FILES[served].type);
        res.end(readFileSync(PACKAGE_FILES[served].from));
      });
    },
    generateBundle() {
      for (const [fileName, { from }] of Object.entries(PACKAGE_FILES)) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(from) });
      }
    },
  };
}

// Threads for the wasm backend need a cross-origin isolated page. Where the host cannot send
// the headers, coi-serviceworker adds them from the next visit on (no reload: that would drop a
// click made at once). Below 4 logical cores wasm runs one thread anyway (backendParam.ts).
function isolationServiceWorker(): Plugin {
  const settings = 'window.coi = { shouldRegister: () => navigator.hardwareConcurrency >= 4, doReload: () => undefined, quiet: true };';
  return {
    name: 'isolation-service-worker',
    transformIndexHtml: () => [
      { tag: 'script', children: settings, injectTo: 'head' },
      { tag: 'script', attrs: { src: './coi-serviceworker.js', defer: true }, injectTo: 'head' },
    ],
  };
}

// tfjs starts each wasm thread from the text of its threaded factory function
// (factory.toString()); minified, that text refers to names that exist only in our bundle
// ("e is not defined" in every thread). The threads get the package's original text instead.
// Only the worker bundles tfjs.
function tfjsThreadedFactoryText(): Plugin {
  return {
    name: 'tfjs-threaded-factory-text',
    transform(code, id) {
      if (!id.includes('tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js')) return null;
      const start = code.indexOf('var WasmBackendModuleThreadedSimd = ');
      const end = code.indexOf('\nif (typeof exports', start);
      if (start < 0 || end < 0) this.error('tfjs-backend-wasm changed its threaded factory; update tfjsThreadedFactoryText');
      const factory = code.slice(start + 'var WasmBackendModuleThreadedSimd = '.length, end).trim().replace(/;$/, '');
      return { code: `${code}\nWasmBackendModuleThreadedSimd.toString = () => ${JSON.stringify(factory)};\n`, map: null };
    },
  };
}

// Cross-origin isolation lets the wasm backend share memory between threads.
const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

// base './' so the static build works from any sub-path and from a plain file server.
export default defineConfig({
  base: './',
  plugins: [react(), packageFiles(), isolationServiceWorker()],
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: 'es', plugins: () => [tfjsThreadedFactoryText()] },
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-layers',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-wasm',
      '@tensorflow/tfjs-backend-cpu',
      'comlink',
      // Imported only by the worker's ONNX reader: found late, it made a fresh dev server reload
      // the page once, and a click made before the reload was lost.
      'protobufjs/light.js',
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
