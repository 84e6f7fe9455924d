// The worker: latest request wins, stale results are never drawn, the page stays responsive,
// and ?backend= forces a backend.
import { expect, test } from '@playwright/test';
import { clickScene, computeCount, openApp, scene, waitForHeatmap, FEATURE_QUERY } from './helpers';

test('rapid clicks: superseded requests are dropped and the last click is what is drawn', async ({ page }) => {
  await openApp(page, FEATURE_QUERY);
  const before = await computeCount(page);
  await clickScene(page, 0.2, 0.8);
  // While that explanation runs, the main thread stays free: timer ticks keep coming.
  const ticks = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let n = 0;
        const end = performance.now() + 500;
        const tick = (): void => {
          n++;
          if (performance.now() < end) setTimeout(tick, 10);
          else resolve(n);
        };
        setTimeout(tick, 10);
      }),
  );
  expect(ticks).toBeGreaterThan(15);
  await clickScene(page, 0.4, 0.8);
  await clickScene(page, 0.6, 0.8);
  await waitForHeatmap(page, before + 1);
  await page.waitForTimeout(1500); // let anything stale arrive, if it were going to
  const computed = (await computeCount(page)) - before;
  expect(computed).toBeGreaterThanOrEqual(2);
  expect(computed).toBeLessThanOrEqual(3);
  const drawn = await scene(page).getAttribute('data-heatmap-sum');

  // Explaining the last pixel again, on its own, gives exactly what is on screen.
  let count = await computeCount(page);
  await clickScene(page, 0.8, 0.5);
  await waitForHeatmap(page, count);
  expect(await scene(page).getAttribute('data-heatmap-sum')).not.toBe(drawn);
  count = await computeCount(page);
  await clickScene(page, 0.6, 0.8);
  await waitForHeatmap(page, count);
  expect(await scene(page).getAttribute('data-heatmap-sum')).toBe(drawn);
});

test('?backend=cpu forces the cpu backend', async ({ page }) => {
  // The backend is reported as soon as it starts; the (slow) cpu segmentation need not finish.
  await page.goto('?backend=cpu');
  await expect(scene(page)).toHaveAttribute('data-backend', 'cpu');
  await expect(page.getByTestId('backend')).toHaveText('cpu');
});
