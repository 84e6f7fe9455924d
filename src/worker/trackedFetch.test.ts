import { describe, expect, it } from 'vitest';
import { trackedFetch, type DownloadProgress } from './trackedFetch';

function fakeFetch(files: Record<string, Uint8Array>): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const body = files[String(input)];
    if (!body) return new Response('missing', { status: 404 });
    // Two chunks per file, so progress moves within a file too.
    const half = Math.floor(body.length / 2);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(body.slice(0, half));
        controller.enqueue(body.slice(half));
        controller.close();
      },
    });
    return new Response(stream, { headers: { 'content-length': String(body.length) } });
  }) as typeof fetch;
}

describe('trackedFetch', () => {
  it('reports bytes loaded over the sizes announced, across files, and passes bodies through', async () => {
    const seen: DownloadProgress[] = [];
    const get = trackedFetch((p) => seen.push({ ...p }), fakeFetch({ a: new Uint8Array(10).fill(1), b: new Uint8Array(30).fill(2) }));
    const [a, b] = await Promise.all([get('a'), get('b')]);
    expect(new Uint8Array(await a.arrayBuffer())).toEqual(new Uint8Array(10).fill(1));
    expect((await b.arrayBuffer()).byteLength).toBe(30);
    expect(seen[seen.length - 1]).toEqual({ loaded: 40, total: 40 });
    for (let i = 1; i < seen.length; i++) expect(seen[i].loaded).toBeGreaterThanOrEqual(seen[i - 1].loaded);
  });

  it('passes failures through untouched', async () => {
    const response = await trackedFetch(() => undefined, fakeFetch({}))('nope');
    expect(response.status).toBe(404);
  });
});
