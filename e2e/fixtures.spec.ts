// A real network and real photos: the ESPNet (Cityscapes) model and a KITTI street photo.
// They live in ../shared/fixtures (non-commercial licences): served to the page by a route,
// never copied into the app. Skipped when the folder is absent.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { clickScene, computeCount, openApp, scene, waitForHeatmap, FEATURE_QUERY } from './helpers';

const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/', import.meta.url));
const ESPNET = `${FIXTURES}espnet-cityscapes/`;
// The photo resized to the descriptor's 384×768 (see the fixture README): the fit leaves it as is.
const KITTI_RESIZED = `${FIXTURES}kitti/demo2_384x768.png`;
// The original 1242×375 photo: the app fits it itself.
const KITTI = `${FIXTURES}kitti/demo2.png`;

test.skip(!existsSync(ESPNET) || !existsSync(KITTI) || !existsSync(KITTI_RESIZED), 'shared fixtures are not present');

async function openEspnet(page: Page): Promise<void> {
  await page.route('**/fixture-models/espnet/*', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    if (!['model.json', 'weights.bin', 'segcam.json'].includes(name)) return route.fulfill({ status: 404 });
    await route.fulfill({ body: await readFile(ESPNET + name), contentType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
  });
  await openApp(page, FEATURE_QUERY);
  await page.getByRole('textbox', { name: 'Model URL' }).fill('fixture-models/espnet/model.json');
  await page.getByRole('textbox', { name: 'Model URL' }).press('Enter');
  // The model fact, not the download line: a hasText string ignores case and matches "espnet-cityscapes".
  await expect(page.locator('.status-fact').filter({ hasText: /ESPNet \(Cityscapes\)/ })).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('.status-fact').filter({ hasText: '384×768' })).toBeVisible();
}

/** The class name the hover readout shows for a point of the scene (fractions of its size). */
async function classUnder(page: Page, fx: number, fy: number): Promise<string> {
  const box = await scene(page).boundingBox();
  if (!box) throw new Error('the scene has no box');
  await scene(page).hover({ position: { x: box.width * fx, y: box.height * fy } });
  const readout = page.getByLabel('Pixel under the cursor').locator('.hover-class');
  await expect(readout).toBeVisible();
  return (await readout.textContent())?.trim() ?? '';
}

test('the ESPNet model and a KITTI photo open and explain', async ({ page }) => {
  test.setTimeout(300_000);
  await openEspnet(page);

  await page.getByLabel('Open image').setInputFiles(KITTI_RESIZED);
  await expect(scene(page)).toHaveAttribute('width', '768');
  await expect(scene(page)).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });

  // Road in front of the car: the class follows the prediction there.
  const count = await computeCount(page);
  await clickScene(page, 0.5, 0.95);
  await expect(page.getByRole('combobox', { name: 'Class' })).toHaveValue('0');
  await waitForHeatmap(page, count);
  expect(Number(await scene(page).getAttribute('data-nonempty-layers'))).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath('espnet-kitti.png') });
});

test('the original 1242×375 KITTI photo, stretched to the ESPNet input, is labelled road at the bottom centre and explained', async ({ page }) => {
  test.setTimeout(300_000);
  await openEspnet(page);
  await expect(page.getByRole('combobox', { name: 'Image fit' })).toHaveValue('stretch');

  await page.getByLabel('Open image').setInputFiles(KITTI);
  await expect(scene(page)).toHaveAttribute('width', '1242');
  await expect(scene(page)).toHaveAttribute('height', '375');
  await expect(page.getByText(/stretched \(the whole image, aspect not kept\) to the model input 768×384/)).toBeVisible();
  await expect(scene(page)).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });

  // The road in front of the camera (the fixture README: ~88 % road there at 384×768).
  for (const fx of [0.35, 0.5, 0.6]) expect(await classUnder(page, fx, 0.92)).toBe('road');

  const count = await computeCount(page);
  await clickScene(page, 0.5, 0.95);
  await expect(page.getByRole('combobox', { name: 'Class' })).toHaveValue('0');
  await waitForHeatmap(page, count);
  expect(Number(await scene(page).getAttribute('data-nonempty-layers'))).toBeGreaterThan(0);
  expect(Number(await scene(page).getAttribute('data-heatmap-max'))).toBeGreaterThan(0);
  await page.screenshot({ path: test.info().outputPath('espnet-kitti-original-stretch.png') });
});
