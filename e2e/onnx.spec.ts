// ONNX models in the app: a committed PyTorch export opened with "Open model" (its heatmap on the
// page's backend equals the engine's on tfjs-cpu in Node, itself checked against PyTorch), and
// the real ESPNet export from ../shared/fixtures on a KITTI photo (skipped when absent).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-layers registers tfjs's gradients (a deep import of tfjs-core does not resolve here).
import '@tensorflow/tfjs-layers';
import { Explainer } from '../src/engine/explainer';
import { compileOnnx } from '../src/engine/onnx/compile';
import { toModelInput } from '../src/engine/preprocess';
import { decodeNpy } from '../src/formats/npy';
import { maskFromText } from '../src/mask/rle';
import { clickScene, computeCount, downloadBytes, openApp, scene, waitForHeatmap, FEATURE_QUERY } from './helpers';
import { relativeL2 } from '../src/engine/testing/relativeL2';

const TINY = fileURLToPath(new URL('../src/engine/onnx/fixtures/tiny-unet.onnx', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/', import.meta.url));
const ESPNET_ONNX = `${FIXTURES}espnet-onnx/`;
const KITTI = `${FIXTURES}kitti/demo2.png`;

/** A 64×48 street-ish test image (the tiny U-Net's input size: no resampling). */
function testImage(): { path: string; rgb: Uint8Array } {
  const png = new PNG({ width: 64, height: 48 });
  const rgb = new Uint8Array(64 * 48 * 3);
  for (let i = 0; i < 64 * 48; i++) {
    const [r, c] = [Math.floor(i / 64), i % 64];
    const value = [(r * 5 + c * 3) % 256, (r * c) % 256, r > 30 ? 200 : (c * 7) % 256];
    value.forEach((v, k) => {
      png.data[4 * i + k] = v;
      rgb[3 * i + k] = v;
    });
    png.data[4 * i + 3] = 255;
  }
  const path = join(mkdtempSync(join(tmpdir(), 'onnx-e2e-')), 'street.png');
  writeFileSync(path, PNG.sync.write(png));
  return { path, rgb };
}

/** Opens the test image, clicks a pixel; the exported heatmap equals the engine's on tfjs-cpu in Node. */
async function explainMatchesCpu(page: Page): Promise<void> {
  const image = testImage();
  await page.getByLabel('Open image').setInputFiles(image.path);
  await expect(scene(page)).toHaveAttribute('width', '64');
  await expect(scene(page)).toHaveAttribute('data-ready', 'true', { timeout: 180_000 });
  const count = await computeCount(page);
  await clickScene(page, 0.4, 0.6);
  await waitForHeatmap(page, count);
  // ReLU often empties the map at the bottleneck of a random net: step to a layer with heat.
  for (let step = 0; step < 30 && !(Number(await scene(page).getAttribute('data-heatmap-max')) > 0); step++) {
    const before = await scene(page).getAttribute('data-layer');
    await page.keyboard.press(']');
    await expect(scene(page)).not.toHaveAttribute('data-layer', before ?? '');
  }
  // The slider shows the short name, the full tensor name on hover.
  const name = page.locator('.layer-slider .layer-name');
  const full = await name.getAttribute('title');
  expect(full).toMatch(/^\/.*_output_0$/);
  expect(await name.textContent()).not.toContain('_output_0');

  const hash = new URLSearchParams(new URL(page.url()).hash.slice(1));
  const mask = maskFromText(hash.get('mask') ?? '');
  const classIndex = Number(hash.get('class'));
  const layer = hash.get('layer') ?? '';
  expect(layer).toBe(full);
  const exported = decodeNpy(await downloadBytes(page, 'Export heatmap'));

  await tf.setBackend('cpu');
  const onnx = compileOnnx(new Uint8Array(await readFile(TINY)));
  const explainer = Explainer.fromGraph(onnx.graph);
  const input = toModelInput(image.rgb, 48, 64, 3, { channelOrder: 'RGB', mean: [0, 0, 0], std: [255, 255, 255] });
  const [reference] = await explainer.explain(input, { classIndex, mask: mask.bits }, { layers: [layer] });
  input.dispose();
  explainer.dispose();
  onnx.dispose();
  const cam = reference.layers[0].cam;
  expect(exported.shape).toEqual(reference.layers[0].shape.slice(0, 2));
  expect(cam.some((v) => v > 0)).toBe(true);
  expect(relativeL2(Float32Array.from(exported.data), cam)).toBeLessThan(1e-4);
}

test('a PyTorch .onnx opens with "Open model", lists tensor names by scope and explains as the engine does on cpu', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page, FEATURE_QUERY);
  await page.getByLabel('Open model').setInputFiles(TINY);
  await expect(page.locator('.status-fact').filter({ hasText: '48×64' })).toBeVisible({ timeout: 120_000 });
  await explainMatchesCpu(page);
});

test('on webgl, a .onnx model from a link explains as the engine does on cpu', async ({ page }) => {
  test.setTimeout(420_000);
  await page.route('**/fixture-models/tiny-unet/*', async (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    if (file !== 'tiny-unet.onnx') return route.fulfill({ status: 404 });
    await route.fulfill({ body: await readFile(TINY), contentType: 'application/octet-stream' });
  });
  // The model comes with the link, so the page never loads the default U-Net on software WebGL.
  await page.goto(`?backend=webgl#model=${encodeURIComponent('fixture-models/tiny-unet/tiny-unet.onnx')}`);
  await expect(scene(page)).toHaveAttribute('data-backend', 'webgl', { timeout: 120_000 });
  await expect(page.locator('.status-fact').filter({ hasText: '48×64' })).toBeVisible({ timeout: 300_000 });
  await explainMatchesCpu(page);
});

test.describe('the real ESPNet ONNX export (../shared/fixtures)', () => {
  test.skip(!existsSync(ESPNET_ONNX) || !existsSync(KITTI), 'shared fixtures are not present');

  test('loads from a .onnx URL, labels the KITTI photo road at the bottom centre and explains it', async ({ page }) => {
    test.setTimeout(300_000);
    await page.route('**/fixture-models/espnet-onnx/*', async (route) => {
      const file = new URL(route.request().url()).pathname.split('/').pop() ?? '';
      if (!['espnet.onnx', 'segcam.json'].includes(file)) return route.fulfill({ status: 404 });
      await route.fulfill({ body: await readFile(ESPNET_ONNX + file), contentType: file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
    });
    await openApp(page, FEATURE_QUERY);
    await page.getByRole('textbox', { name: 'Model URL' }).fill('fixture-models/espnet-onnx/espnet.onnx');
    await page.getByRole('textbox', { name: 'Model URL' }).press('Enter');
    // The model fact, not the download line: a hasText string ignores case and matches "espnet.onnx".
    await expect(page.locator('.status-fact').filter({ hasText: /ESPNet p=2 q=8/ })).toBeVisible({ timeout: 180_000 });
    await page.getByLabel('Open image').setInputFiles(KITTI);
    await expect(scene(page)).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
    const count = await computeCount(page);
    await clickScene(page, 0.5, 0.95);
    await expect(page.getByRole('combobox', { name: 'Class' })).toHaveValue('0');
    await waitForHeatmap(page, count);
    expect(Number(await scene(page).getAttribute('data-heatmap-max'))).toBeGreaterThan(0);
    expect(decodeURIComponent(page.url())).toContain('model=fixture-models/espnet-onnx/espnet.onnx');
    await page.screenshot({ path: test.info().outputPath('espnet-onnx-kitti.png') });
  });
});
