import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress } from './progress';

describe('progress line', () => {
  it('shows step, loss, rate and the time left', () => {
    const line = formatProgress({ step: 50, total: 200, loss: 0.51234, stepsPerSec: 0.5, width: 4 });
    expect(line).toContain('step 50/200');
    expect(line).toContain('▕█░░░▏ 25%');
    expect(line).toContain('loss 0.5123');
    expect(line).toContain('0.50 steps/s');
    expect(line).toContain('ETA 5m00s'); // 150 steps at 0.5 steps/s
  });

  it('takes the time budget as ETA when it ends the run first', () => {
    expect(formatProgress({ step: 1, total: 1e5, loss: 1, stepsPerSec: 0.2, budgetLeftSeconds: 90 })).toContain('ETA 1m30s');
  });

  it('formats hours', () => {
    expect(formatDuration(3 * 3600 + 5 * 60 + 9)).toBe('3h05m');
    expect(formatDuration(Infinity)).toBe('?');
  });
});
