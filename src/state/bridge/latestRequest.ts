// "Latest request wins" for one stream of requests (model loads, image loads, explanations):
// starting a request aborts the one in flight, and an aborted request's outcome is 'stale', so
// callers write back only what the newest request produced. One AbortController per request
// replaces hand-kept sequence counters; the bridge's lifetime signal makes everything stale.

export type Outcome<T> = { kind: 'done'; value: T } | { kind: 'failed'; error: unknown } | { kind: 'stale' };

const STALE: Outcome<never> = { kind: 'stale' };

export class LatestRequest {
  private current: AbortController | null = null;

  constructor(private readonly lifetime: AbortSignal) {
    lifetime.addEventListener('abort', () => this.cancel(), { once: true });
  }

  /** Makes the request in flight, if any, stale. */
  cancel(): void {
    this.current?.abort();
    this.current = null;
  }

  /** Runs `work` as the newest request; `signal` aborts when a newer one starts or the bridge ends. */
  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> {
    this.cancel();
    const controller = new AbortController();
    this.current = controller;
    const { signal } = controller;
    if (this.lifetime.aborted) controller.abort();
    try {
      const value = await work(signal);
      return signal.aborted ? STALE : { kind: 'done', value };
    } catch (error) {
      return signal.aborted ? STALE : { kind: 'failed', error };
    }
  }
}
