// On webgl (SwiftShader): the worker's backend, a click → heatmap, and the layer slider
// swapping heatmaps from the one backward pass with no new worker computation.
import { expect, test } from '@playwright/test';
import { canvasPixels, clickScene, computeCount, countDifferentPixels, openApp, scene, waitForHeatmap } from './helpers';

test('webgl backend; a click draws a heatmap; the layer slider swaps heatmaps without new work', async ({ page }) => {
  // Forced: on software WebGL (SwiftShader, here) the app starts on wasm by itself.
  await openApp(page, '?backend=webgl');
  await expect(scene(page)).toHaveAttribute('data-backend', 'webgl');
  await expect(page.getByTestId('backend')).toHaveText('webgl');

  const before = await computeCount(page);
  const withoutHeatmap = await canvasPixels(page);
  await clickScene(page, 0.5, 0.85); // road, in front of the camera
  await waitForHeatmap(page, before);
  const after = before + 1;
  expect(await computeCount(page)).toBe(after);
  expect(Number(await scene(page).getAttribute('data-mask-size'))).toBe(1);
  expect(Number(await scene(page).getAttribute('data-nonempty-layers'))).toBeGreaterThan(0);

  // Weak weights can leave one layer's ReLU'd map empty: step with ] to a layer with evidence.
  await scene(page).focus();
  for (let i = 0; i < 80 && Number(await scene(page).getAttribute('data-heatmap-max')) <= 0; i++) {
    await page.keyboard.press(']');
  }
  expect(Number(await scene(page).getAttribute('data-heatmap-max'))).toBeGreaterThan(0);
  const withHeatmap = await canvasPixels(page);
  // The overlay must visibly change a good part of the scene, not just the outline of M.
  expect(countDifferentPixels(withoutHeatmap, withHeatmap)).toBeGreaterThan(500);

  // The slider: another layer's heatmap, drawn at once, from the same computation.
  const slider = page.getByRole('slider', { name: 'Layer' });
  const layerBefore = await scene(page).getAttribute('data-layer');
  const sumBefore = await scene(page).getAttribute('data-heatmap-sum');
  const max = Number(await slider.getAttribute('max'));
  await slider.fill(String(Math.max(0, Number(await slider.inputValue()) < max / 2 ? max - 2 : 2)));
  await expect(scene(page)).not.toHaveAttribute('data-layer', layerBefore ?? '');
  expect(await scene(page).getAttribute('data-heatmap-sum')).not.toBe(sumBefore);
  expect(countDifferentPixels(withHeatmap, await canvasPixels(page))).toBeGreaterThan(0);
  await page.waitForTimeout(1000);
  expect(await computeCount(page)).toBe(after);
  await page.screenshot({ path: test.info().outputPath('explained.png') });
});
