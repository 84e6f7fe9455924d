// Nothing lost, nothing let in: a click made while the model loads is explained once it is
// ready; a link's cyclic model, a shard on another site and a stalled download each leave the
// default model working; a lost WebGL context restarts the worker on wasm with M kept.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page, type Route } from '@playwright/test';
import { encodeMaskRle } from '../src/mask/rle';
import { clickScene, computeCount, maskSize, openApp, scene, statusRegion, waitForHeatmap, FEATURE_QUERY } from './helpers';

const SHIPPED = fileURLToPath(new URL('../public/models/unet-streets/model.json', import.meta.url));

function shippedJson(): { modelTopology: { config: { layers: { name: string; inbound_nodes: unknown[] }[] } }; weightsManifest: { paths: string[] }[] } {
  return JSON.parse(readFileSync(SHIPPED, 'utf8'));
}

async function serveJson(page: Page, path: string, body: unknown): Promise<void> {
  await page.route(`**/${path}`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(body) }));
}

test('a click while the model is still loading is kept, announced, and explained once it is ready', async ({ page }) => {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/models/unet-streets/weights*.bin', async (route: Route) => {
    await gate;
    await route.continue();
  });
  await page.goto(FEATURE_QUERY);
  await expect(scene(page)).toHaveAttribute('data-ready', 'false');
  // The scene is drawn before the model arrives: click it until the click is taken.
  await expect
    .poll(
      async () => {
        await clickScene(page, 0.5, 0.85);
        return scene(page).getAttribute('data-pending-input');
      },
      { timeout: 30_000 },
    )
    .toBe('point');
  await expect(statusRegion(page)).toContainText('will explain when the model is ready');
  expect(await computeCount(page)).toBe(0);
  release();
  await waitForHeatmap(page, 0);
  expect(await maskSize(page)).toBe(1);
  await expect(scene(page)).toHaveAttribute('data-pending-input', '');
});

test("a link to a cyclic model says why, falls back to the default model, and that model explains", async ({ page }) => {
  const cyclic = shippedJson();
  const layers = cyclic.modelTopology.config.layers;
  layers[1].inbound_nodes = [[[layers[layers.length - 1].name, 0, 0, {}]]];
  await serveJson(page, 'evil/cyclic/model.json', cyclic);
  const started = Date.now();
  await openApp(page, `${FEATURE_QUERY}#scene=3&model=evil/cyclic/model.json`);
  await expect(page.getByRole('alert')).toContainText('the layers form a cycle');
  await expect(page.getByText('the default model is loaded instead')).toBeVisible();
  expect(Date.now() - started).toBeLessThan(60_000);
  await clickScene(page, 0.5, 0.85);
  await waitForHeatmap(page, 0);
});

test('a link whose shard is on another site is refused before any request leaves the site', async ({ page }) => {
  const foreign = shippedJson();
  foreign.weightsManifest[0].paths = ['https://elsewhere.example/weights.bin'];
  await serveJson(page, 'evil/foreign/model.json', foreign);
  const offsite: string[] = [];
  page.on('request', (request) => {
    if (!request.url().startsWith('http://127.0.0.1')) offsite.push(request.url());
  });
  await openApp(page, `${FEATURE_QUERY}#scene=3&model=evil/foreign/model.json`);
  await expect(page.getByRole('alert')).toContainText('weight file "https://elsewhere.example/weights.bin" is a https: URL');
  expect(offsite).toEqual([]);
});

test('a link whose download stalls is cut off by the watchdog, and the default model then explains', async ({ page }) => {
  const stalled = shippedJson();
  stalled.weightsManifest[0].paths = ['never.bin'];
  await serveJson(page, 'slow/model.json', stalled);
  await page.route('**/slow/never.bin', () => new Promise(() => undefined)); // never answered
  const started = Date.now();
  await openApp(page, `${FEATURE_QUERY}&watchdog=10#scene=3&model=slow/model.json`);
  await expect(page.getByRole('alert')).toContainText('did not answer within 10 s while loading the model');
  expect(Date.now() - started).toBeLessThan(90_000);
  await clickScene(page, 0.5, 0.85);
  await waitForHeatmap(page, 0);
});

test('a lost WebGL context restarts the worker on wasm; the link\'s M is kept and explained', async ({ page }) => {
  // M from the link: an 11×11 block of road near the bottom of the 128×256 output.
  const bits = new Uint8Array(128 * 256);
  for (let r = 100; r <= 110; r++) bits.fill(1, r * 256 + 120, r * 256 + 131);
  await page.goto(`?backend=webgl#scene=3&class=0&mask=128x256:${encodeMaskRle(bits)}`);
  await expect(scene(page)).toHaveAttribute('data-backend', 'webgl', { timeout: 60_000 });
  // Lost while the model loads and warms up on WebGL (the slow part here).
  const worker = page.workers()[0];
  expect(await worker.evaluate(() => (globalThis as { segcamLoseWebglContext?: () => boolean }).segcamLoseWebglContext?.())).toBe(true);
  await expect(page.getByText(/The WebGL context was lost\. The worker was restarted with the wasm backend/)).toBeVisible();
  await expect(scene(page)).toHaveAttribute('data-ready', 'true', { timeout: 150_000 });
  await waitForHeatmap(page, 0);
  expect(await maskSize(page)).toBe(121);
});
