// Running means keyed by strings, NaN-aware: undefined values (an all-zero map's energy) are
// counted apart so a table can say how often a method had nothing to show.

export class MeanTable {
  private readonly sums = new Map<string, { sum: number; n: number; undefinedCount: number }>();

  add(key: string, value: number): void {
    const entry = this.sums.get(key) ?? { sum: 0, n: 0, undefinedCount: 0 };
    if (Number.isFinite(value)) {
      entry.sum += value;
      entry.n++;
    } else {
      entry.undefinedCount++;
    }
    this.sums.set(key, entry);
  }

  mean(key: string): number {
    const e = this.sums.get(key);
    return e && e.n > 0 ? e.sum / e.n : NaN;
  }

  count(key: string): number {
    return this.sums.get(key)?.n ?? 0;
  }

  /** Share of additions that were undefined (NaN). */
  undefinedShare(key: string): number {
    const e = this.sums.get(key);
    return e && e.n + e.undefinedCount > 0 ? e.undefinedCount / (e.n + e.undefinedCount) : NaN;
  }

  toJSON(): Record<string, { mean: number; n: number; undefined: number }> {
    return Object.fromEntries([...this.sums].map(([k, e]) => [k, { mean: e.n > 0 ? e.sum / e.n : NaN, n: e.n, undefined: e.undefinedCount }]));
  }
}

export function key(...parts: (string | number)[]): string {
  return parts.join('|');
}
