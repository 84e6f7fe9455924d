// The evidence panel on a generated scene with a planted bias: the overlay shows the object and
// its cue, the metrics follow the layer slider, deletion AUC arrives from the worker, and the
// Sanity action shows both maps with their rank correlation.
import { expect, test } from '@playwright/test';
import { generateScene } from '../src/scenes/generate';
import { clickScene, computeCount, FEATURE_QUERY, openApp, scene, waitForHeatmap } from './helpers';

test('evidence overlay, live metrics and the Sanity action', async ({ page }) => {
  test.setTimeout(240_000);
  const seed = 69; // a held-out scene whose marked rider is large (151 pixels at 256×128)
  const generated = generateScene(seed, { height: 128, width: 256, bias: { name: 'marked-rider' } });
  const marked = generated.objects.find((o) => o.cue && o.box.x1 - o.box.x0 >= 8)!;
  // The rider's pixel nearest its centroid.
  const pixels = [...generated.instances.keys()].filter((i) => generated.instances[i] === marked.id);
  const cx = pixels.reduce((a, i) => a + (i % 256), 0) / pixels.length;
  const cy = pixels.reduce((a, i) => a + Math.floor(i / 256), 0) / pixels.length;
  const centre = pixels.sort((a, b) => (a % 256 - cx) ** 2 + (Math.floor(a / 256) - cy) ** 2 - ((b % 256 - cx) ** 2 + (Math.floor(b / 256) - cy) ** 2))[0];
  const xs = centre % 256;
  const ys = Math.floor(centre / 256);

  await openApp(page, `${FEATURE_QUERY}#scene=${seed}&bias=marked-rider&class=12`);
  const before = await computeCount(page);
  await clickScene(page, (xs + 0.5) / 256, (ys + 0.5) / 128);
  await waitForHeatmap(page, before);
  await page.getByRole('combobox', { name: 'Class', exact: true }).selectOption('12'); // rider

  const overlay = page.getByTestId('evidence-overlay');
  await expect(overlay).toHaveAttribute('data-boxes', '1');
  await expect(overlay).toHaveAttribute('data-cues', '1');
  const metrics = page.getByTestId('evidence-metrics');
  await expect(metrics).toBeVisible();
  expect(Number(await metrics.getAttribute('data-energy'))).toBeGreaterThanOrEqual(0);
  await expect(page.getByTestId('deletion-auc')).toHaveText(/^-?\d+\.\d\d$/, { timeout: 120_000 });
  await expect(page.getByText('Energy on the cue')).toBeVisible();

  // The layer slider moves the metrics to the new layer.
  const layerBefore = await metrics.getAttribute('data-layer');
  const slider = page.getByRole('slider', { name: 'Layer' });
  const max = Number(await slider.getAttribute('max'));
  await slider.fill(String(Number(await slider.inputValue()) < max / 2 ? max - 3 : 3));
  await expect(metrics).not.toHaveAttribute('data-layer', layerBefore ?? '');
  await expect(metrics).toHaveAttribute('data-layer', (await scene(page).getAttribute('data-layer')) ?? '');

  // At the output layer Seg-Grad-CAM's map is ReLU(logit): fenced, a note instead of a map.
  await slider.fill(String(max));
  await expect(scene(page)).toHaveAttribute('data-fenced', 'true');
  await expect(page.getByRole('note').filter({ hasText: 'Map not drawn' })).toContainText('logit');
  // The layer strip marks the fenced tiles instead of drawing them: the logits and dec1 (the class score).
  for (const name of ['logits', 'dec1']) await expect(page.getByRole('button', { name: `Layer ${name}`, exact: true })).toContainText('fixed');
  await expect(page.getByRole('button', { name: 'Layer dec2', exact: true })).not.toContainText('fixed');
  await slider.fill('0');
  await expect(scene(page)).toHaveAttribute('data-fenced', 'false');
  await expect(page.getByText('Map not drawn')).toHaveCount(0);

  await page.getByRole('button', { name: 'Sanity', exact: true }).click();
  const sanity = page.getByTestId('sanity');
  await expect(sanity).toBeVisible({ timeout: 120_000 });
  const rho = Number(await sanity.getAttribute('data-spearman'));
  expect(rho).toBeGreaterThanOrEqual(-1);
  expect(rho).toBeLessThanOrEqual(1);
  await expect(sanity).toContainText('re-drawn');
  await page.screenshot({ path: test.info().outputPath('evidence.png') });
});
