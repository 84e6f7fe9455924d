// Where a model's files may come from, and how much of them is read. A model.json named by a
// link is untrusted: its weight paths may point outside its folder, to another site or to a
// data: URL, and its shards may be endless. Shards are accepted only from model.json's own
// folder (or below) on its own origin, all paths are checked before the first request, and
// every body is read as a stream against a byte budget: Content-Length first, then each chunk.
import { readBodyCapped } from '../formats/readBodyCapped';
import { ModelLoadError } from './loadModelFiles';

export type Fetch = (url: string) => Promise<Response>;

/** The page's address (window or worker), against which relative model URLs resolve; none in Node. */
export function pageHref(): string | undefined {
  return (globalThis as { location?: { href: string } }).location?.href;
}

/**
 * Fetches the model file itself (model.json or model.onnx): its URL resolved against the page and
 * checked (checkModelUrl), and the response; every failure is one ModelLoadError line.
 */
export async function fetchModelFile(url: string, fetchFn: Fetch): Promise<{ modelUrl: URL; response: Response }> {
  let modelUrl: URL;
  try {
    modelUrl = new URL(url, pageHref());
  } catch {
    throw new ModelLoadError([`not a valid model URL: "${url}"`]);
  }
  checkModelUrl(modelUrl, url);
  let response: Response;
  try {
    response = await fetchFn(modelUrl.href);
  } catch (e) {
    throw new ModelLoadError([`cannot fetch ${url}: ${(e as Error).message}`]);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new ModelLoadError([`cannot fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim()]);
  }
  return { modelUrl, response };
}

/** The response when the URL answers 200-299, else null (its body released). */
export async function fetchOrNull(fetchFn: Fetch, url: string): Promise<Response | null> {
  try {
    const res = await fetchFn(url);
    if (res.ok) return res;
    await res.body?.cancel().catch(() => undefined);
    return null;
  } catch {
    return null;
  }
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Only web URLs name a model: no data:, blob:, file: or javascript:. */
export function checkModelUrl(url: URL, shown: string): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ModelLoadError([`${shown}: a model URL must be http or https, not ${url.protocol}`]);
  }
}

/** The URL of a weight shard, refused unless it lies in model.json's folder on its origin. */
export function shardUrl(path: string, modelUrl: URL, source: string): URL {
  const refuse = (why: string): never => {
    throw new ModelLoadError([`${source}: weight file "${path.slice(0, 80)}" ${why}; weights must lie in model.json's own folder`]);
  };
  if (SCHEME.test(path)) refuse(`is a ${path.slice(0, path.indexOf(':') + 1)} URL`);
  if (/%2f|%5c|\\/i.test(path)) refuse('has an encoded or back slash');
  let url: URL;
  try {
    url = new URL(path, modelUrl);
  } catch {
    return refuse('is not a valid path');
  }
  if (url.origin !== modelUrl.origin) refuse(`is on another site (${url.origin})`);
  const folder = modelUrl.pathname.slice(0, modelUrl.pathname.lastIndexOf('/') + 1);
  if (!url.pathname.startsWith(folder) || url.pathname === folder) refuse('is outside the folder');
  return url;
}

/** readBodyCapped with its refusal (or a connection lost mid-body) as a ModelLoadError. */
export async function readCapped(response: Response, maxBytes: number, refusal: (size: string) => string): Promise<Uint8Array> {
  try {
    return await readBodyCapped(response, maxBytes, refusal);
  } catch (e) {
    throw new ModelLoadError([e instanceof Error ? e.message : String(e)]);
  }
}

/**
 * Fetches the shards one after another within `budget` bytes in all (the manifest's total);
 * a shard that is not there gives null, so the caller can name every missing file.
 */
export async function fetchShards(urls: readonly URL[], paths: readonly string[], budget: number, fetchFn: Fetch): Promise<(Uint8Array | null)[]> {
  const shards: (Uint8Array | null)[] = [];
  let used = 0;
  for (let i = 0; i < urls.length; i++) {
    let response: Response;
    try {
      response = await fetchFn(urls[i].href);
    } catch {
      shards.push(null);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      shards.push(null);
      continue;
    }
    const left = budget - used;
    const bytes = await readCapped(
      response,
      left,
      (size) => `weights too long: weight file ${paths[i]} is ${size} but the manifest leaves ${left} of its ${budget} bytes for it`,
    );
    used += bytes.byteLength;
    shards.push(bytes);
  }
  return shards;
}
