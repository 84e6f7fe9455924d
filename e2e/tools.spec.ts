// Building M: brush, eraser, object, whole class/image, clear; undo/redo; the keyboard pixel
// cursor and layer keys; the layer strip; pinning α.
// On FEATURE_BACKEND (wasm unless E2E_BACKEND says otherwise; see helpers.ts).
import { expect, test } from '@playwright/test';
import { clickScene, computeCount, dragScene, maskSize, openApp, scene, waitForHeatmap, FEATURE_BACKEND, FEATURE_QUERY } from './helpers';

test('brush, eraser and object change M; undo and redo walk the edits', async ({ page }) => {
  await openApp(page, FEATURE_QUERY);
  await expect(scene(page)).toHaveAttribute('data-backend', FEATURE_BACKEND);
  let count = await computeCount(page);

  await page.getByRole('button', { name: 'Brush', exact: true }).click();
  await page.getByRole('slider', { name: 'Brush size' }).fill('8');
  await dragScene(page, [0.3, 0.8], [0.7, 0.8]);
  const brushed = await maskSize(page);
  expect(brushed).toBeGreaterThan(200);
  await waitForHeatmap(page, count);
  count = await computeCount(page);

  await page.getByRole('button', { name: 'Eraser', exact: true }).click();
  await dragScene(page, [0.45, 0.8], [0.55, 0.8]);
  const erased = await maskSize(page);
  expect(erased).toBeLessThan(brushed);
  expect(erased).toBeGreaterThan(0);
  await waitForHeatmap(page, count);
  count = await computeCount(page);

  await page.getByRole('button', { name: 'Object', exact: true }).click();
  await clickScene(page, 0.5, 0.9);
  const object = await maskSize(page);
  expect(object).not.toBe(erased);
  expect(object).toBeGreaterThan(1);
  // The class follows the predicted class under the clicked pixel.
  const hovered = (await page.getByLabel('Pixel under the cursor').locator('.hover-class').textContent())?.trim();
  expect(await page.getByRole('combobox', { name: 'Class' }).locator('option:checked').textContent()).toContain(hovered ?? '?');
  await waitForHeatmap(page, count);

  await page.getByRole('button', { name: 'Undo' }).click();
  expect(await maskSize(page)).toBe(erased);
  await page.keyboard.press('Control+z');
  expect(await maskSize(page)).toBe(brushed);
  await page.getByRole('button', { name: 'Redo' }).click();
  expect(await maskSize(page)).toBe(erased);
  await page.keyboard.press('Control+Shift+z');
  expect(await maskSize(page)).toBe(object);

  await page.getByRole('button', { name: 'Whole class' }).click();
  expect(await maskSize(page)).toBeGreaterThanOrEqual(object);

  await page.getByRole('button', { name: 'Whole image' }).click();
  expect(await maskSize(page)).toBe(128 * 256);
  await page.getByRole('button', { name: 'Clear mask' }).click();
  expect(await maskSize(page)).toBe(0);
});

test('keyboard: arrows move a pixel cursor, Enter selects, [ and ] step the layer', async ({ page }) => {
  await openApp(page, FEATURE_QUERY);
  const count = await computeCount(page);
  await scene(page).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  expect(await maskSize(page)).toBe(1);
  await waitForHeatmap(page, count);
  const layer = await scene(page).getAttribute('data-layer');
  await page.keyboard.press(']');
  await expect(scene(page)).not.toHaveAttribute('data-layer', layer ?? '');
  await page.keyboard.press('[');
  await expect(scene(page)).toHaveAttribute('data-layer', layer ?? '');
  // A tile of the layer strip selects its layer, from the same computation.
  await page.getByRole('button', { name: 'Layer enc1', exact: true }).click();
  await expect(scene(page)).toHaveAttribute('data-layer', 'enc1');
  await expect(page.getByRole('slider', { name: 'Layer' })).toHaveAttribute('aria-valuetext', /enc1/);
  expect(await computeCount(page)).toBe(count + 1);
});

test('α: pin one M, build another, compare (cosine similarity)', async ({ page }) => {
  await openApp(page, FEATURE_QUERY);
  let count = await computeCount(page);
  await clickScene(page, 0.3, 0.85);
  await waitForHeatmap(page, count);
  await page.getByRole('button', { name: 'Pin' }).click();
  count = await computeCount(page);
  await clickScene(page, 0.7, 0.85);
  await waitForHeatmap(page, count);
  await expect(page.getByText(/cosine similarity -?[01]\.\d{3}/)).toBeVisible();

  // Input-gradient saliency has one map, at the input, whatever the layer.
  count = await computeCount(page);
  await page.getByRole('combobox', { name: 'Method' }).selectOption('saliency');
  await waitForHeatmap(page, count);
  await expect(scene(page)).toHaveAttribute('data-layer', 'input');
  expect(Number(await scene(page).getAttribute('data-heatmap-max'))).toBeGreaterThan(0);
});
