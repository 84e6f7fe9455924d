import { describe, expect, it } from 'vitest';
import { emptyHistory, recordEdit, redo, undo } from './maskHistory';

const m = (...bits: number[]): Uint8Array => Uint8Array.from(bits);

describe('mask history', () => {
  it('undo walks back through edits and redo walks forward again', () => {
    const a = m(1, 0, 0);
    const b = m(1, 1, 0);
    let history = recordEdit(emptyHistory<Uint8Array | null>(), null); // null → a
    history = recordEdit(history, a); // a → b
    const back1 = undo(history, b)!;
    expect(back1.mask).toBe(a);
    const back2 = undo(back1.history, back1.mask)!;
    expect(back2.mask).toBeNull();
    expect(undo(back2.history, back2.mask)).toBeNull();
    const fwd1 = redo(back2.history, back2.mask)!;
    expect(fwd1.mask).toBe(a);
    const fwd2 = redo(fwd1.history, fwd1.mask)!;
    expect(fwd2.mask).toBe(b);
    expect(redo(fwd2.history, fwd2.mask)).toBeNull();
  });

  it('a new edit after undo drops the redo stack', () => {
    const a = m(1);
    let history = recordEdit(emptyHistory<Uint8Array | null>(), null);
    const back = undo(history, a)!;
    history = recordEdit(back.history, back.mask);
    expect(redo(history, m(0))).toBeNull();
    expect(history.past).toHaveLength(1);
  });
});
