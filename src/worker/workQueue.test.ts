import { describe, expect, it } from 'vitest';
import { WorkQueue } from './workQueue';
import { SUPERSEDED } from './protocol';

function deferred(): { promise: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('WorkQueue', () => {
  it('runs tasks one at a time in order', async () => {
    const queue = new WorkQueue();
    const log: string[] = [];
    const gate = deferred();
    const a = queue.enqueue(async () => {
      log.push('a start');
      await gate.promise;
      log.push('a end');
      return 'a';
    });
    const b = queue.enqueue(async () => {
      log.push('b');
      return 'b';
    });
    await Promise.resolve();
    expect(log).toEqual(['a start']);
    gate.release();
    expect(await a).toBe('a');
    expect(await b).toBe('b');
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('keeps only the newest pending task of a slot; older ones resolve superseded and never run', async () => {
    const queue = new WorkQueue();
    const ran: number[] = [];
    const gate = deferred();
    const first = queue.enqueue(async () => {
      await gate.promise;
      ran.push(1);
      return 1;
    }, 'explain');
    const second = queue.enqueue(async () => (ran.push(2), 2), 'explain');
    const third = queue.enqueue(async () => (ran.push(3), 3), 'explain');
    const other = queue.enqueue(async () => (ran.push(4), 4));
    gate.release();
    expect(await first).toBe(1);
    expect(await second).toBe(SUPERSEDED);
    expect(await third).toBe(3);
    expect(await other).toBe(4);
    expect(ran).toEqual([1, 3, 4]);
  });

  it('a failing task rejects its own promise and the queue goes on', async () => {
    const queue = new WorkQueue();
    const bad = queue.enqueue(async () => {
      throw new Error('boom');
    });
    const good = queue.enqueue(async () => 'ok');
    await expect(bad).rejects.toThrow('boom');
    expect(await good).toBe('ok');
  });

  it('says whether a slot has a task waiting to start', async () => {
    const queue = new WorkQueue();
    let release: () => void = () => undefined;
    const running = queue.enqueue(() => new Promise<void>((r) => (release = r)), 'explain');
    expect(queue.hasPending('explain')).toBe(false); // started at once
    const waiting = queue.enqueue(async () => 1, 'explain');
    expect(queue.hasPending('explain')).toBe(true);
    expect(queue.hasPending('warm-up')).toBe(false);
    release();
    await Promise.all([running, waiting]);
    expect(queue.hasPending('explain')).toBe(false);
  });
});
