import { beforeEach, describe, expect, it } from 'vitest';
import { initialState, useAppStore } from './store';
import { parseViewHash } from './urlHash';
import { EXPLANATION_INPUTS } from './explanationInputs';
import type { Explanation } from '../engine/types';

const explanation: Explanation = { method: 'seg-grad-cam', classIndex: 0, maskSize: 1, score: 0, input: { height: 1, width: 1 }, layers: [] };
const state = () => useAppStore.getState();

beforeEach(() => {
  useAppStore.setState(initialState());
  state().explanationArrived(explanation, 1);
});

describe('the explanation is dropped in one place', () => {
  it('names exactly the fields an explanation request is built from', () => {
    expect([...EXPLANATION_INPUTS].sort()).toEqual(['classIndex', 'mask', 'method', 'segmentation']);
  });

  it('any action changing an input drops it, including a pasted link', () => {
    state().setMethod('layer-cam');
    expect(state().explanation).toBeNull();
    state().explanationArrived(explanation, 2);
    state().applyHash(parseViewHash('#class=3'));
    expect(state().explanation).toBeNull();
  });

  it('changes that leave the inputs alone keep it', () => {
    state().setLayer('dec');
    state().setViewOptions({ opacity: 0.3 });
    state().setMethod(state().method);
    state().setStatus('x');
    expect(state().explanation).toBe(explanation);
  });
});
