// webgl (and the browser's wasm) against cpu on the engine's operations, in a worker in real
// Chromium: the browser half of src/engine/conformance.test.ts, with the same tolerances.
// Software WebGL compiles a shader per op and shape, so the set is kept small here;
// E2E_CONFORMANCE=all runs every model and input kind.
import { expect, test } from '@playwright/test';
import type { ConformanceOutcome } from '../bench/conformanceWorker';
import { startBenchServer } from '../src/cli/benchServer';

const TOLERANCE = 1e-5;
const GRAD_CAM_PP_TOLERANCE = 2e-3;
const ALL = process.env.E2E_CONFORMANCE === 'all';

let server: Awaited<ReturnType<typeof startBenchServer>>;

test.beforeAll(async () => {
  server = await startBenchServer(['conformance.html', 'conformanceWorker.ts']);
});

test.afterAll(async () => {
  await server?.close();
});

const RUNS = [
  { backend: 'webgl', models: ALL ? '' : 'unet,ties', kinds: ALL ? '' : 'random,zeros,repeated' },
  { backend: 'wasm', models: ALL ? '' : 'unet,ties', kinds: ALL ? '' : 'random,zeros,constant,repeated' },
];

for (const run of RUNS) {
  test(`${run.backend} agrees with cpu: A, ∂S/∂A, six maps and α`, async ({ page }) => {
    test.setTimeout(ALL ? 1_800_000 : 600_000);
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    await page.goto(`${server.url}conformance.html?backend=${run.backend}&models=${run.models}&kinds=${run.kinds}`);
    // Vite may reload the page once after pre-bundling: wait for the result, not the load.
    const handle = await page.waitForFunction(() => (window as unknown as { __conformance?: unknown }).__conformance, undefined, {
      timeout: ALL ? 1_700_000 : 560_000,
      polling: 1000,
    });
    const outcome = (await handle.jsonValue()) as ConformanceOutcome;
    if ('error' in outcome) throw new Error(outcome.error);
    expect(outcome.backend).toBe(run.backend);
    expect(outcome.cases.length).toBeGreaterThanOrEqual(2);
    for (const c of outcome.cases) {
      const label = `${c.model}, ${c.kind}`;
      expect(c.signal, label).toBe(true);
      expect(c.gradients.filter((d) => !(d.relative <= TOLERANCE)), label).toEqual([]);
      expect(c.maps.filter((d) => !(d.relative <= TOLERANCE)), label).toEqual([]);
      expect(c.gradCamPP.filter((d) => !(d.relative <= GRAD_CAM_PP_TOLERANCE)), label).toEqual([]);
    }
  });
}
