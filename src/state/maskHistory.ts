// Undo/redo of mask edits: immutable stacks of whole masks (a 128×256 mask is 32 KB, and
// edits are user-paced, so snapshots are simpler than diffs).

export interface MaskHistory<T> {
  past: T[];
  future: T[];
}

export function emptyHistory<T>(): MaskHistory<T> {
  return { past: [], future: [] };
}
const LIMIT = 100;

/** Record `previous` before replacing it with a new mask; a new edit clears the redo stack. */
export function recordEdit<T>(history: MaskHistory<T>, previous: T): MaskHistory<T> {
  return { past: [...history.past, previous].slice(-LIMIT), future: [] };
}

export function undo<T>(history: MaskHistory<T>, current: T): { history: MaskHistory<T>; mask: T } | null {
  if (history.past.length === 0) return null;
  const mask = history.past[history.past.length - 1];
  return { history: { past: history.past.slice(0, -1), future: [current, ...history.future] }, mask };
}

export function redo<T>(history: MaskHistory<T>, current: T): { history: MaskHistory<T>; mask: T } | null {
  if (history.future.length === 0) return null;
  const [mask, ...future] = history.future;
  return { history: { past: [...history.past, current], future }, mask };
}
