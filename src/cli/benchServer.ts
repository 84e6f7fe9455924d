// A Vite dev server for the browser halves of the benchmarks and the browser conformance spec:
// serves bench/ as the root, public/ (models) and the tfjs .wasm binaries.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

export const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic', '--disable-dev-shm-usage', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
];

/** Serves bench/ (and public/ for the model, plus the tfjs .wasm binaries) with Vite's dev server. */
export async function startBenchServer(entries: string[] = ['index.html', 'benchWorker.ts']): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import('vite');
  const require = createRequire(import.meta.url);
  const wasmDist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
  const server = await createServer({
    configFile: false,
    root: join(REPO, 'bench'),
    publicDir: join(REPO, 'public'),
    cacheDir: join(REPO, 'node_modules/.vite-bench'),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 5199, strictPort: false, fs: { allow: [REPO] } },
    worker: { format: 'es' },
    optimizeDeps: {
      entries,
      include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-cpu'],
    },
    plugins: [
      {
        name: 'tfjs-wasm-binaries',
        configureServer(s) {
          s.middlewares.use((req, res, next) => {
            const file = /\/tfjs-wasm\/([\w.-]+\.wasm)$/.exec(req.url ?? '')?.[1];
            if (!file || !existsSync(join(wasmDist, file))) return next();
            res.setHeader('Content-Type', 'application/wasm');
            res.end(readFileSync(join(wasmDist, file)));
          });
        },
      },
    ],
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the bench server did not start');
  return { url, close: () => server.close() };
}

