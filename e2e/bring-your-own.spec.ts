// Bring your own image and model: an opened image is fitted and explained; a bad model URL
// says what is wrong and the previous model keeps working.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { generateScene } from '../src/scenes/generate';
import { encodePng } from '../src/files/image';
import { canvasPixels, clickScene, computeCount, countDifferentPixels, openApp, scene, waitForHeatmap, FEATURE_QUERY } from './helpers';

test('an opened image is stretched to the model input, shown at its own size, and explained; Pad and Crop refit it', async ({ page }) => {
  await openApp(page, FEATURE_QUERY);
  // A squarer image than the model's 1:2 input, so the three fits differ.
  const picture = generateScene(777, { height: 240, width: 320 });
  const png = Buffer.from(encodePng(picture.image, picture.height, picture.width, 3));
  await page.getByLabel('Open image').setInputFiles({ name: 'my-street.png', mimeType: 'image/png', buffer: png });
  await expect(scene(page)).toHaveAttribute('width', '320');
  await expect(scene(page)).toHaveAttribute('height', '240');
  await expect(page.getByText(/stretched \(the whole image, aspect not kept\)/)).toBeVisible();
  await expect(scene(page)).toHaveAttribute('data-ready', 'true');
  await expect(page.getByText(/locally opened image cannot travel in a link/).first()).toBeVisible();

  const count = await computeCount(page);
  await clickScene(page, 0.5, 0.85);
  await waitForHeatmap(page, count);
  expect(Number(await scene(page).getAttribute('data-nonempty-layers'))).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Whole image' }).click();
  await expect(scene(page)).toHaveAttribute('data-mask-size', String(128 * 256));

  // Pad: segmented and explained anew; region tools keep M off the padding: 240×320 → 128×171 of 128×256.
  const beforePad = await computeCount(page);
  await page.getByRole('combobox', { name: 'Image fit' }).selectOption('Pad');
  await expect(page.getByText(/letterboxed/)).toBeVisible();
  await expect(scene(page)).toHaveAttribute('data-ready', 'true');
  await expect.poll(() => computeCount(page), { timeout: 150_000 }).toBeGreaterThan(beforePad);
  await page.getByRole('button', { name: 'Whole image' }).click();
  await expect(scene(page)).toHaveAttribute('data-mask-size', String(128 * 171));

  // Crop: 320×240 covers 256×128 at scale 0.8; the model sees rows 40–200. A click above them selects nothing.
  await page.getByRole('combobox', { name: 'Image fit' }).selectOption('Crop');
  await expect(page.getByText(/cropped to its centre 320×160/)).toBeVisible();
  await expect(scene(page)).toHaveAttribute('data-ready', 'true');
  await clickScene(page, 0.5, 0.5);
  await expect(scene(page)).toHaveAttribute('data-mask-size', '1');
  await clickScene(page, 0.5, 0.05);
  await expect(scene(page)).toHaveAttribute('data-mask-size', '1');
  await page.getByRole('button', { name: 'Whole image' }).click();
  await expect(scene(page)).toHaveAttribute('data-mask-size', String(128 * 256));
});

test('a bad model URL shows an error and the old model still explains', async ({ page }) => {
  await openApp(page, FEATURE_QUERY);
  const modelName = await page.locator('.status-fact').filter({ hasText: 'model' }).textContent();
  await page.getByRole('textbox', { name: 'Model URL' }).fill('models/no-such-model/model.json');
  await page.getByRole('textbox', { name: 'Model URL' }).press('Enter');
  await expect(page.getByRole('alert')).toContainText('no-such-model');
  expect(await page.locator('.status-fact').filter({ hasText: 'model' }).textContent()).toBe(modelName);

  const count = await computeCount(page);
  await clickScene(page, 0.5, 0.85);
  await waitForHeatmap(page, count);
});

test('a model opened from local files loads, explains, and is left out of the link', async ({ page }) => {
  await openApp(page, FEATURE_QUERY);
  const dir = fileURLToPath(new URL('../public/models/unet-streets/', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.json') || f.endsWith('.bin'));
  await page.getByLabel('Open model').setInputFiles(files.map((f) => dir + f));
  await expect(page.getByText('A model opened from local files cannot travel in a link.').first()).toBeVisible();
  await expect(scene(page)).toHaveAttribute('data-ready', 'true');
  const count = await computeCount(page);
  await clickScene(page, 0.5, 0.85);
  await waitForHeatmap(page, count);
  expect(new URL(page.url()).hash).not.toContain('model=');
});

test('a link can name an image by URL', async ({ page }) => {
  const picture = generateScene(4242, { height: 200, width: 400 });
  const png = Buffer.from(encodePng(picture.image, picture.height, picture.width, 3));
  await page.route('**/test-images/street.png', (route) => route.fulfill({ body: png, contentType: 'image/png' }));
  await openApp(page, `${FEATURE_QUERY}#image=test-images%2Fstreet.png&fit=pad`);
  await expect(scene(page)).toHaveAttribute('width', '400');
  await expect(scene(page)).toHaveAttribute('height', '200');
  // The link's fit applies and stays in the link; changing it changes the link.
  await expect(page.getByRole('combobox', { name: 'Image fit' })).toHaveValue('pad');
  await expect(page).toHaveURL(/fit=pad/);
  await page.getByRole('combobox', { name: 'Image fit' }).selectOption('Crop');
  await expect(page).toHaveURL(/fit=crop/);
});

test('a link whose image cannot be fetched says so and opens a scene instead', async ({ page }) => {
  await openApp(page, `${FEATURE_QUERY}#image=missing%2Fnowhere.png`);
  await expect(page.getByRole('alert')).toContainText('nowhere.png');
  await expect(scene(page)).toHaveAttribute('width', '512');
});

test('typing a scene seed generates that scene in the browser', async ({ page }) => {
  await openApp(page, FEATURE_QUERY);
  const before = await canvasPixels(page);
  await page.getByRole('textbox', { name: 'Scene seed' }).fill('90210');
  await page.getByRole('textbox', { name: 'Scene seed' }).press('Enter');
  await expect(page).toHaveURL(/scene=90210/);
  await expect(scene(page)).toHaveAttribute('data-ready', 'true');
  expect(countDifferentPixels(before, await canvasPixels(page))).toBeGreaterThan(10_000);
});

test('an image dropped on the scene or pasted opens', async ({ page }) => {
  await openApp(page, FEATURE_QUERY);
  const send = async (kind: 'drop' | 'paste', seed: number, width: number): Promise<void> => {
    const picture = generateScene(seed, { height: 100, width });
    const png = Array.from(encodePng(picture.image, picture.height, picture.width, 3));
    await page.evaluate(
      ({ kind, png }) => {
        const file = new File([new Uint8Array(png)], `${kind}.png`, { type: 'image/png' });
        const data = new DataTransfer();
        data.items.add(file);
        if (kind === 'drop') {
          document.querySelector('.scene-frame')!.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        } else {
          document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        }
      },
      { kind, png },
    );
  };
  await send('drop', 11, 300);
  await expect(scene(page)).toHaveAttribute('width', '300');
  await send('paste', 12, 260);
  await expect(scene(page)).toHaveAttribute('width', '260');
  await expect(scene(page)).toHaveAttribute('data-ready', 'true');
});
