import { describe, expect, it } from 'vitest';
import { LatestRequest } from './latestRequest';

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('LatestRequest', () => {
  it('only the newest request of a stream is done; an older one that finishes later is stale', async () => {
    const stream = new LatestRequest(new AbortController().signal);
    const first = deferred<string>();
    const second = deferred<string>();
    const a = stream.run(() => first.promise);
    const b = stream.run(() => second.promise);
    second.resolve('new');
    first.resolve('old');
    expect(await b).toEqual({ kind: 'done', value: 'new' });
    expect(await a).toEqual({ kind: 'stale' });
  });

  it('a newer request aborts the older one’s signal; a failure of the newest is reported', async () => {
    const stream = new LatestRequest(new AbortController().signal);
    let olderSignal: AbortSignal | null = null;
    const older = stream.run((signal) => {
      olderSignal = signal;
      return new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
    });
    const newer = stream.run(() => Promise.reject(new Error('boom')));
    expect(olderSignal!.aborted).toBe(true);
    expect(await older).toEqual({ kind: 'stale' });
    const outcome = await newer;
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && (outcome.error as Error).message).toBe('boom');
  });

  it('cancel() and the end of the lifetime make the request in flight stale, and later ones too', async () => {
    const lifetime = new AbortController();
    const stream = new LatestRequest(lifetime.signal);
    const cancelled = deferred<number>();
    const run = stream.run(() => cancelled.promise);
    stream.cancel();
    cancelled.resolve(1);
    expect(await run).toEqual({ kind: 'stale' });

    const pending = deferred<number>();
    const inFlight = stream.run(() => pending.promise);
    lifetime.abort();
    pending.resolve(2);
    expect(await inFlight).toEqual({ kind: 'stale' });
    expect(await stream.run(() => Promise.resolve(3))).toEqual({ kind: 'stale' });
  });
});
