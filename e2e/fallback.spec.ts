// Without WebGL the worker falls back to wasm and says so.
import { expect, test } from '@playwright/test';
import config from '../playwright.config';
import { openApp, scene } from './helpers';

// No GPU and no software rasteriser: WebGL is unavailable on the page and in workers
// (--disable-webgl alone still leaves OffscreenCanvas WebGL in a worker).
const WEBGL_FLAGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];
const args = (config.use?.launchOptions?.args ?? []).filter((a) => !WEBGL_FLAGS.includes(a));
test.use({ launchOptions: { ...config.use?.launchOptions, args: [...args, '--disable-gpu', '--disable-software-rasterizer'] } });

test('no WebGL: the worker falls back to wasm and the page says why', async ({ page }) => {
  await openApp(page);
  await expect(scene(page)).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByText(/Using wasm: webgl unavailable/)).toBeVisible();
});
