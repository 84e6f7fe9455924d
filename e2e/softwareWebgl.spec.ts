// On software WebGL (SwiftShader, as in these tests) the app starts on wasm by itself and says why.
import { expect, test } from '@playwright/test';
import { openApp, scene } from './helpers';

test('software WebGL: the app starts on wasm and the status line says why', async ({ page }) => {
  await openApp(page);
  await expect(scene(page)).toHaveAttribute('data-backend', 'wasm');
  await expect(page.getByTestId('backend')).toHaveText('wasm');
  await expect(page.getByText(/WebGL is software-rendered here \(.*SwiftShader.*\), wasm is faster/)).toBeVisible();
});
