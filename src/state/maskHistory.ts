// Undo/redo of mask edits: immutable stacks of whole masks (a 128×256 mask is 32 KB, and
// edits are user-paced, so snapshots are simpler than diffs).

export interface MaskHistory {
  past: (Uint8Array | null)[];
  future: (Uint8Array | null)[];
}

export const EMPTY_HISTORY: MaskHistory = { past: [], future: [] };
const LIMIT = 100;

/** Record `previous` before replacing it with a new mask; a new edit clears the redo stack. */
export function recordEdit(history: MaskHistory, previous: Uint8Array | null): MaskHistory {
  return { past: [...history.past, previous].slice(-LIMIT), future: [] };
}

export function undo(history: MaskHistory, current: Uint8Array | null): { history: MaskHistory; mask: Uint8Array | null } | null {
  if (history.past.length === 0) return null;
  const mask = history.past[history.past.length - 1];
  return { history: { past: history.past.slice(0, -1), future: [current, ...history.future] }, mask };
}

export function redo(history: MaskHistory, current: Uint8Array | null): { history: MaskHistory; mask: Uint8Array | null } | null {
  if (history.future.length === 0) return null;
  const [mask, ...future] = history.future;
  return { history: { past: [...history.past, current], future }, mask };
}
