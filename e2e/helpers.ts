// Shared steps for the browser tests: open the app, wait for results, read the scene's state.
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * The backend for the feature tests. wasm by default: software WebGL (SwiftShader) is ~15×
 * slower here, and explain.spec.ts covers webgl. On a machine with a GPU, E2E_BACKEND=webgl.
 */
export const FEATURE_BACKEND = process.env.E2E_BACKEND ?? 'wasm';
export const FEATURE_QUERY = `?backend=${FEATURE_BACKEND}`;

export function scene(page: Page): Locator {
  return page.getByRole('application', { name: 'Scene' });
}

/** Opens the app (optionally at a hash or query) and waits until a segmentation is on screen. */
export async function openApp(page: Page, suffix = ''): Promise<void> {
  await page.goto(suffix);
  await expect(scene(page)).toHaveAttribute('data-ready', 'true', { timeout: 150_000 });
}

export async function computeCount(page: Page): Promise<number> {
  return Number(await scene(page).getAttribute('data-compute-count'));
}

/** Clicks the scene at a fraction of its displayed size. */
export async function clickScene(page: Page, fx: number, fy: number, modifiers: ('Shift')[] = []): Promise<void> {
  const box = await scene(page).boundingBox();
  if (!box) throw new Error('the scene has no box');
  await scene(page).click({ position: { x: box.width * fx, y: box.height * fy }, modifiers });
}

/** Waits for the status region to announce a finished heatmap after `before` computations. */
export async function waitForHeatmap(page: Page, before: number): Promise<void> {
  await expect.poll(() => computeCount(page), { timeout: 150_000 }).toBeGreaterThan(before);
  await expect(statusRegion(page)).toHaveText('Heatmap ready');
}

/** The canvas pixels (RGBA) as drawn now. */
export async function canvasPixels(page: Page): Promise<number[]> {
  return scene(page).evaluate((canvas) => {
    const c = canvas as HTMLCanvasElement;
    return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data);
  });
}

export function countDifferentPixels(a: number[], b: number[]): number {
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
  }
  return n;
}

/** The live region that announces progress and "Heatmap ready". */
export function statusRegion(page: Page): Locator {
  return page.locator('[role="status"][aria-live="polite"]');
}

/** Clicks a button that downloads a file and returns the file's bytes. */
export async function downloadBytes(page: Page, buttonName: string): Promise<Buffer> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: buttonName, exact: true }).click()]);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  return readFile(path);
}

export async function maskSize(page: Page): Promise<number> {
  return Number(await scene(page).getAttribute('data-mask-size'));
}

/** Drags across the scene between two points given as fractions of its displayed size. */
export async function dragScene(page: Page, from: [number, number], to: [number, number], steps = 12): Promise<void> {
  const box = await scene(page).boundingBox();
  if (!box) throw new Error('the scene has no box');
  await page.mouse.move(box.x + box.width * from[0], box.y + box.height * from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * to[0], box.y + box.height * to[1], { steps });
  await page.mouse.up();
}
