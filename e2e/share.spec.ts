// A copied link opened in a fresh page restores the same view and the same heatmap.
import { expect, test } from '@playwright/test';
import { clickScene, computeCount, downloadBytes, openApp, scene, waitForHeatmap, FEATURE_QUERY } from './helpers';

test('a copied link reproduces the heatmap exactly (exported .npy)', async ({ browser }) => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await openApp(page, FEATURE_QUERY);
  let count = await computeCount(page);

  await page.getByRole('button', { name: 'Object', exact: true }).click();
  await clickScene(page, 0.5, 0.9);
  await waitForHeatmap(page, count);
  count = await computeCount(page);
  await page.getByRole('combobox', { name: 'Method' }).selectOption('grad-cam-pp');
  await waitForHeatmap(page, count);
  await page.getByRole('slider', { name: 'Layer' }).fill('20');
  await page.getByRole('combobox', { name: 'Colormap' }).selectOption('viridis');
  const layer = await scene(page).getAttribute('data-layer');
  const original = await downloadBytes(page, 'Export heatmap');
  expect(original.subarray(1, 6).toString()).toBe('NUMPY');
  const png = await downloadBytes(page, 'Export PNG');
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  const alpha = JSON.parse((await downloadBytes(page, 'Export α')).toString());
  expect(alpha.layer).toBe(layer);
  expect(alpha.method).toBe('grad-cam-pp');
  expect(alpha.alpha.length).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied.')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('#');
  await context.close();

  const fresh = await browser.newPage();
  await fresh.goto(link);
  await expect(scene(fresh)).toHaveAttribute('data-compute-count', '1', { timeout: 120_000 });
  await expect(scene(fresh)).toHaveAttribute('data-layer', layer ?? '');
  await expect(fresh.getByRole('combobox', { name: 'Method' })).toHaveValue('grad-cam-pp');
  await expect(fresh.getByRole('combobox', { name: 'Colormap' })).toHaveValue('viridis');
  const restored = await downloadBytes(fresh, 'Export heatmap');
  expect(restored.equals(original)).toBe(true);
  await fresh.close();
});

test('a mangled link says what is wrong and the app stays usable', async ({ page }) => {
  await openApp(page, `${FEATURE_QUERY}#scene=16&method=magic&mask=9x9:zz&class=abc`);
  await expect(page.getByText(/Some parts of the link could not be read/)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Scene seed' })).toHaveValue('16');
  const count = await computeCount(page);
  await clickScene(page, 0.5, 0.8);
  await waitForHeatmap(page, count);
});
