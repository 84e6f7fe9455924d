// Every control has the accessible name the issue fixes (the other tests rely on them too).
import { expect, test } from '@playwright/test';
import { openApp, scene, statusRegion, FEATURE_QUERY } from './helpers';

test('controls have their accessible names', async ({ page }) => {
  await openApp(page, FEATURE_QUERY);
  await expect(scene(page)).toBeVisible();
  await expect(scene(page)).toHaveAttribute('tabindex', '0');
  for (const name of ['Layer', 'Opacity', 'Brush size']) await expect(page.getByRole('slider', { name, exact: true })).toBeVisible();
  for (const name of ['Class', 'Method', 'Colormap', 'Image fit']) await expect(page.getByRole('combobox', { name, exact: true })).toBeVisible();
  const buttons = ['Pixel', 'Brush', 'Eraser', 'Object', 'Whole class', 'Whole image', 'Clear mask', 'Undo', 'Redo', 'Copy link', 'Export PNG', 'Export heatmap'];
  for (const name of buttons) await expect(page.getByRole('button', { name, exact: true })).toBeAttached();
  for (const name of ['Open image', 'Open model']) await expect(page.getByLabel(name, { exact: true })).toHaveAttribute('type', 'file');
  for (const name of ['Model URL', 'Scene seed']) await expect(page.getByRole('textbox', { name, exact: true })).toBeVisible();
  await expect(statusRegion(page)).toBeAttached();
});
