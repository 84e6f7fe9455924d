// The one rule for when an explanation is out of date: it was computed from these fields, so a
// change to any of them clears it (in the store) and asks for a new one (in the worker bridge).
import type { AppState } from './store';

export const EXPLANATION_INPUTS = ['segmentation', 'mask', 'classIndex', 'method'] as const satisfies readonly (keyof AppState)[];

/** Whether `patch` (a store update) changes what the explanation was computed from. */
export function changesExplanationInputs(state: AppState, patch: Partial<AppState>): boolean {
  return EXPLANATION_INPUTS.some((key) => key in patch && patch[key] !== state[key]);
}
