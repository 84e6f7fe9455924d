// The preview server isolates the page (COOP/COEP), so the wasm backend may run threads. Below 4
// logical cores the app keeps the single-threaded binary (tfjs would run one thread after
// starting a pool of helper workers); ?threads=N asks for the threaded one regardless, whose
// helper workers start from the text of tfjs's factory function in our minified bundle.
import { expect, test, type Page } from '@playwright/test';
import { clickScene, computeCount, openApp, waitForHeatmap } from './helpers';

/** The wasm binaries the page's workers fetched, by file name. */
function wasmBinaries(page: Page): string[] {
  const fetched: string[] = [];
  page.on('request', (request) => {
    const name = /\/tfjs-wasm\/([\w.-]+\.wasm)$/.exec(request.url())?.[1];
    if (name) fetched.push(name);
  });
  return fetched;
}

/** Errors thrown in the page or any of its workers. */
function errorsOf(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  return errors;
}

async function explainOnce(page: Page): Promise<void> {
  const before = await computeCount(page);
  await clickScene(page, 0.5, 0.8);
  await waitForHeatmap(page, before);
}

test('the page is cross-origin isolated and wasm says how many threads it runs', async ({ page }) => {
  const fetched = wasmBinaries(page);
  const errors = errorsOf(page);
  await openApp(page, '?backend=wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = Number((await page.getByTestId('threads').textContent())?.match(/\d+/)?.[0]);
  if (cores < 4) {
    expect(fetched).toEqual(['tfjs-backend-wasm-simd.wasm']);
    expect(threads).toBe(1);
  } else {
    expect(fetched).toEqual(['tfjs-backend-wasm-threaded-simd.wasm']);
    expect(threads).toBe(Math.min(4, Math.floor(cores / 2)));
  }
  await explainOnce(page);
  expect(errors).toEqual([]);
});

test('?threads=2 starts the threaded binary, and its helper workers run', async ({ page }) => {
  const fetched = wasmBinaries(page);
  const errors = errorsOf(page);
  await openApp(page, '?backend=wasm&threads=2');
  expect(fetched).toEqual(['tfjs-backend-wasm-threaded-simd.wasm']);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  // tfjs runs at most half the logical cores.
  await expect(page.getByTestId('threads')).toHaveText(new RegExp(`${Math.max(1, Math.min(2, Math.floor(cores / 2)))} threads?`));
  await explainOnce(page);
  expect(errors).toEqual([]);
});
