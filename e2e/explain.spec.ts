// The first slice: the worker runs on webgl, and a click on the scene draws a heatmap.
import { expect, test } from '@playwright/test';
import { canvasPixels, clickScene, computeCount, countDifferentPixels, openApp, scene, waitForHeatmap } from './helpers';

test('the worker runs on webgl and a click draws a non-empty heatmap', async ({ page }) => {
  await openApp(page);
  await expect(scene(page)).toHaveAttribute('data-backend', 'webgl');
  await expect(page.getByTestId('backend')).toHaveText('webgl');

  const before = await computeCount(page);
  const withoutHeatmap = await canvasPixels(page);
  await clickScene(page, 0.5, 0.85); // road, in front of the camera
  await waitForHeatmap(page, before);
  expect(Number(await scene(page).getAttribute('data-mask-size'))).toBe(1);
  expect(Number(await scene(page).getAttribute('data-nonempty-layers'))).toBeGreaterThan(0);

  // Weak (e.g. untrained) weights can leave the default layer's ReLU'd map empty: step with ]
  // to a layer with evidence. Stepping reuses the one backward pass.
  await scene(page).focus();
  for (let i = 0; i < 80 && Number(await scene(page).getAttribute('data-heatmap-max')) <= 0; i++) {
    await page.keyboard.press(']');
  }
  expect(Number(await scene(page).getAttribute('data-heatmap-max'))).toBeGreaterThan(0);
  expect(await computeCount(page)).toBe(before + 1);
  const withHeatmap = await canvasPixels(page);
  // The overlay must visibly change a good part of the scene, not just the outline of M.
  expect(countDifferentPixels(withoutHeatmap, withHeatmap)).toBeGreaterThan(500);
  await page.screenshot({ path: test.info().outputPath('explained.png') });
});
