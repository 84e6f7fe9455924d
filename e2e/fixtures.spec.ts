// A real network and real photos: the ESPNet (Cityscapes) model and a KITTI street photo.
// They live in ../shared/fixtures (non-commercial licences): served to the page by a route,
// never copied into the app. Skipped when the folder is absent.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { clickScene, computeCount, openApp, scene, waitForHeatmap, FEATURE_QUERY } from './helpers';

const FIXTURES = fileURLToPath(new URL('../../shared/fixtures/', import.meta.url));
const ESPNET = `${FIXTURES}espnet-cityscapes/`;
// The photo resized to the descriptor's 384×768 (see the fixture README): the fit leaves it as is.
const KITTI = `${FIXTURES}kitti/demo2_384x768.png`;

test.skip(!existsSync(ESPNET) || !existsSync(KITTI), 'shared fixtures are not present');

test('the ESPNet model and a KITTI photo open and explain', async ({ page }) => {
  test.setTimeout(300_000);
  await page.route('**/fixture-models/espnet/*', async (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop() ?? '';
    if (!['model.json', 'weights.bin', 'segcam.json'].includes(name)) return route.fulfill({ status: 404 });
    await route.fulfill({ body: await readFile(ESPNET + name), contentType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
  });
  await openApp(page, FEATURE_QUERY);

  await page.getByRole('textbox', { name: 'Model URL' }).fill('fixture-models/espnet/model.json');
  await page.getByRole('textbox', { name: 'Model URL' }).press('Enter');
  await expect(page.locator('.status-fact').filter({ hasText: 'ESPNet' })).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('.status-fact').filter({ hasText: '384×768' })).toBeVisible();

  await page.getByLabel('Open image').setInputFiles(KITTI);
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
