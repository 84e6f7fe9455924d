// The shipped model (3.7 MB of weights) is downloaded once: a later visit revalidates it with the
// HTTP cache (ETag, 304) instead of downloading it again.
import { expect, test, type Page } from '@playwright/test';
import { FEATURE_QUERY, openApp } from './helpers';

/** Bytes of response body each model file brought over the network during one visit. */
async function modelDownloads(page: Page): Promise<Map<string, number>> {
  const bytes = new Map<string, number>();
  const pending: Promise<void>[] = [];
  page.on('requestfinished', (request) => {
    const file = /\/models\/[^?#]*$/.exec(request.url())?.[0];
    if (file) pending.push(request.sizes().then((sizes) => void bytes.set(file, sizes.responseBodySize)));
  });
  await openApp(page, FEATURE_QUERY);
  await Promise.all(pending);
  return bytes;
}

test('a second visit does not download the model again', async ({ context }) => {
  const first = await modelDownloads(await context.newPage());
  const weights = [...first.keys()].filter((file) => file.endsWith('.bin'));
  expect(weights.length).toBeGreaterThan(0);
  for (const file of weights) expect(first.get(file)).toBeGreaterThan(1_000_000);

  const second = await modelDownloads(await context.newPage());
  for (const file of weights) expect(second.get(file), file).toBe(0);
});
