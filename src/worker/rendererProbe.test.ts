// The renderer probe's helper worker, stood in for: Node has no Worker.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { probeRenderer } from './rendererProbe';

/** A stand-in helper worker that answers (or not) as the test says. */
function standInWorker(behaviour: 'answers' | 'silent' | 'fails') {
  const made: { terminated: boolean }[] = [];
  class StandIn {
    onmessage: ((event: { data: unknown }) => void) | null = null;
    onerror: ((event: { preventDefault: () => void }) => void) | null = null;
    terminated = false;
    constructor() {
      made.push(this);
      setTimeout(() => {
        if (behaviour === 'answers') this.onmessage?.({ data: 'ANGLE (NVIDIA GeForce RTX 3080)' });
        if (behaviour === 'fails') this.onerror?.({ preventDefault: () => undefined });
      }, 10);
    }
    terminate() {
      this.terminated = true;
    }
  }
  vi.stubGlobal('Worker', StandIn);
  return made;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('probeRenderer', () => {
  it("returns the helper's answer and ends the helper", async () => {
    const made = standInWorker('answers');
    await expect(probeRenderer()).resolves.toBe('ANGLE (NVIDIA GeForce RTX 3080)');
    expect(made.map((w) => w.terminated)).toEqual([true]);
  });

  it('asks on this thread when the helper fails (Node: no WebGL, null)', async () => {
    standInWorker('fails');
    await expect(probeRenderer()).resolves.toBeNull();
  });

  it('gives up on a helper that never answers, and ends it', async () => {
    vi.useFakeTimers();
    const made = standInWorker('silent');
    const probed = probeRenderer(5000);
    const outcome = expect(probed).rejects.toThrow('WebGL gave no answer within 5 s');
    await vi.advanceTimersByTimeAsync(5000);
    await outcome;
    expect(made[0].terminated).toBe(true);
  });
});
