// Links are the way in for hostile or broken input: every field a link carries that is not used
// gets a notice, a link's model that fails leaves the default model, and no hash throws.
import { beforeEach, describe, expect, it } from 'vitest';
import { initialState, useAppStore } from './store';
import { parseViewHash } from './urlHash';
import { DEFAULT_MODEL_URL } from './view';
import type { ModelInfo } from '../worker/protocol';
import type { ExplainableLayer } from '../engine/types';
import { MAX_MASK_PIXELS } from '../formats/limits';
import { seededRandom } from '../metrics/seededRandom';

function model(name = 'default'): ModelInfo {
  const layers: ExplainableLayer[] = [{ name: 'bottleneck', className: 'Conv2D', shape: [2, 3, 4], role: 'bottleneck' }];
  return {
    descriptor: {
      name,
      classes: [0, 1, 2].map((i) => ({ name: `c${i}`, color: [i, i, i] })),
      input: { height: 4, width: 6 },
      preprocess: { channelOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1] },
      output: 'logits',
    },
    inputSize: { height: 4, width: 6 },
    outputSize: { height: 4, width: 6 },
    numClasses: 3,
    layers,
    defaultLayer: 'bottleneck',
    warnings: [],
  };
}

const state = () => useAppStore.getState();

beforeEach(() => useAppStore.setState(initialState()));

describe('link fields that are dropped are said', () => {
  it('unknown and repeated fields', () => {
    expect(parseViewHash('#scene=3&zoom=2&class=1&class=2').errors).toEqual([
      "zoom: not a field of this app's links, ignored",
      'class: given more than once; the first is used',
    ]);
    expect(parseViewHash('#method=a%0Ab').errors).toEqual(['method: unknown method "a\ufffdb"']);
  });

  it('a class out of range for the model that loads', () => {
    state().applyHash(parseViewHash('#scene=3&class=7&layer=nope'));
    expect(state().notices).toEqual([]);
    state().modelLoaded(model(), DEFAULT_MODEL_URL);
    expect(state().classIndex).toBeNull();
    expect(state().layer).toBe('bottleneck');
    expect(state().notices).toEqual([
      'This model has no layer "nope"; showing bottleneck.',
      "The link's class 7 is out of range for this model (classes 0..2); the class under the mask is used.",
    ]);
  });

  it('a class or layer out of range in a link pasted with a model loaded', () => {
    state().modelLoaded(model(), DEFAULT_MODEL_URL);
    state().applyHash(parseViewHash('#class=3&layer=ghost'));
    expect(state().classIndex).toBeNull();
    expect(state().layer).toBe('bottleneck');
    expect(state().notices).toEqual([
      'This model has no layer "ghost"; showing bottleneck.',
      "The link's class 3 is out of range for this model (classes 0..2); the class under the mask is used.",
    ]);
  });

  it('a mask larger than the limit', () => {
    const side = Math.ceil(Math.sqrt(MAX_MASK_PIXELS)) + 1;
    expect(parseViewHash(`#mask=${side}x${side}:0`).errors).toEqual([
      `mask: size ${side}×${side} is out of range (at most ${MAX_MASK_PIXELS.toLocaleString('en')} pixels)`,
    ]);
  });
});

describe('a model that fails to load', () => {
  it("from a link, with no model yet: back to the default model, and said", () => {
    state().applyHash(parseViewHash('#model=https://evil.test/cyclic/model.json'));
    expect(state().modelUrl).toBe('https://evil.test/cyclic/model.json');
    state().modelFailed('Could not load the model https://evil.test/cyclic/model.json: the layers form a cycle');
    expect(state().modelUrl).toBe(DEFAULT_MODEL_URL);
    expect(state().error).toBe('Could not load the model https://evil.test/cyclic/model.json: the layers form a cycle');
    expect(state().notices).toEqual(['The requested model could not be loaded; the default model is loaded instead.']);
    expect(state().status).toBe('Model failed to load; loading the default model…');
  });

  it('with a model loaded: that model stays, no fallback', () => {
    state().modelLoaded(model('mine'), 'mine/model.json');
    state().requestModel('broken/model.json');
    state().modelFailed('Could not load the model broken/model.json: HTTP 404');
    expect(state().modelUrl).toBe('mine/model.json');
    expect(state().model?.descriptor.name).toBe('mine');
    expect(state().notices).toEqual([]);
  });

  it('the default model itself: no loop back to it', () => {
    state().modelFailed('Could not load the model models/unet-streets/model.json: HTTP 404');
    expect(state().modelUrl).toBe(DEFAULT_MODEL_URL);
    expect(state().notices).toEqual([]);
    expect(state().status).toBe('Model failed to load');
  });
});

const KEYS = ['scene', 'image', 'model', 'fit', 'class', 'layer', 'method', 'mask', 'seg', 'heat', 'cmap', 'opacity', 'x', ''];
const PIECES = ['0', '1', '-1', '1e309', 'NaN', '%', '%zz', '%00', '&', '=', '#', '\u0000', '😀', 'data:,x', '../', '4096x4096:', '99999x99999:a', '3x3:zz.zz', '128x256:3k.1.fe.2', 'stretch', 'turbo', 'seg-grad-cam', ' ', 'javascript:alert(1)', '9'.repeat(40)];

function fuzzHash(next: () => number): string {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const fields: string[] = [];
  const count = Math.floor(next() * 8);
  for (let i = 0; i < count; i++) {
    let value = '';
    const parts = Math.floor(next() * 4);
    for (let j = 0; j < parts; j++) value += next() < 0.7 ? pick(PIECES) : String.fromCharCode(Math.floor(next() * 0x3000));
    fields.push(next() < 0.9 ? `${pick(KEYS)}=${value}` : value);
  }
  return '#' + fields.join(next() < 0.95 ? '&' : ';');
}

describe('link parser fuzz (10,000 seeded hashes)', () => {
  it('never throws, never keeps a mask over the limit, and every error is one line', () => {
    const next = seededRandom(20261202);
    const started = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const hash = fuzzHash(next);
      const parsed = parseViewHash(hash);
      for (const e of parsed.errors) expect(e, hash).not.toMatch(/[\n\r\u2028\u2029]/);
      const mask = parsed.view.mask;
      if (mask) {
        expect(mask.height * mask.width).toBeLessThanOrEqual(MAX_MASK_PIXELS);
        expect(mask.bits.length).toBe(mask.height * mask.width);
      }
      if (parsed.view.classIndex !== undefined) expect(Number.isInteger(parsed.view.classIndex)).toBe(true);
      // Applying it to the store must not throw either.
      useAppStore.setState(initialState());
      state().applyHash(parsed);
    }
    expect(performance.now() - started).toBeLessThan(60_000);
  });
});
