// Runs tasks one at a time, in order. A task enqueued with a `slot` replaces any task in that
// slot that has not started yet; the replaced one resolves as 'superseded' and never runs.
// So while one explanation runs, only the newest pending explanation is kept.
import { SUPERSEDED, type Superseded } from './protocol';

interface Pending {
  slot: string | null;
  run: () => Promise<void>;
  supersede: () => void;
}

export class WorkQueue {
  private readonly pending: Pending[] = [];
  private running = false;

  enqueue<T>(task: () => Promise<T>, slot: string | null = null): Promise<T | Superseded> {
    return new Promise<T | Superseded>((resolve, reject) => {
      if (slot !== null) {
        const index = this.pending.findIndex((p) => p.slot === slot);
        if (index >= 0) this.pending.splice(index, 1)[0].supersede();
      }
      this.pending.push({
        slot,
        run: () => task().then(resolve, reject),
        supersede: () => resolve(SUPERSEDED),
      });
      void this.drain();
    });
  }

  /** Whether a task (in `slot`, or any) waits to start. */
  hasPending(slot?: string): boolean {
    return this.pending.some((p) => slot === undefined || p.slot === slot);
  }

  /** Nothing runs and nothing waits. */
  get idle(): boolean {
    return !this.running && this.pending.length === 0;
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift()) {
        await next.run();
      }
    } finally {
      this.running = false;
    }
  }
}
