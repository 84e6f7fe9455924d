import { beforeEach, describe, expect, it } from 'vitest';
import { initialState, useAppStore, shareableView } from './store';
import { parseViewHash, serializeView } from './urlHash';
import type { ModelInfo, Segmentation } from '../worker/protocol';
import type { ExplainableLayer } from '../engine/types';
import { fitMapping } from '../imaging/fitImage';
import type { Mask } from '../mask/mask';

const H = 4;
const W = 6;

function model(outputSize = { height: H, width: W }): ModelInfo {
  const layers: ExplainableLayer[] = ['enc', 'bottleneck', 'dec'].map((name, i) => ({
    name,
    className: 'Conv2D',
    shape: [H >> i, W >> i, 8],
    role: i === 0 ? 'encoder' : i === 1 ? 'bottleneck' : 'decoder',
  }));
  return {
    descriptor: {
      name: 'test',
      classes: [0, 1, 2].map((i) => ({ name: `c${i}`, color: [i, i, i] })),
      input: outputSize,
      preprocess: { channelOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1] },
      output: 'logits',
    },
    inputSize: outputSize,
    outputSize,
    numClasses: 3,
    layers,
    defaultLayer: 'bottleneck',
    warnings: [],
  };
}

function segmentation(): Segmentation {
  // Left half class 1, right half class 2.
  const labels = Uint8Array.from({ length: H * W }, (_, i) => (i % W < W / 2 ? 1 : 2));
  return { height: H, width: W, labels, probability: new Float32Array(H * W).fill(0.9) };
}

function bits(...indices: number[]): Uint8Array {
  const mask = new Uint8Array(H * W);
  for (const i of indices) mask[i] = 1;
  return mask;
}

function mask(...indices: number[]): Mask {
  return { height: H, width: W, bits: bits(...indices) };
}

beforeEach(() => {
  useAppStore.setState(initialState());
  useAppStore.getState().modelLoaded(model(), 'm.json');
  useAppStore.getState().setSegmentation(segmentation());
});

const state = () => useAppStore.getState();

describe('app store', () => {
  it('the class follows the predicted class under the first pixel of a new M', () => {
    state().setMask(mask(W - 1), W - 1);
    expect(state().classIndex).toBe(2);
    state().setMask(mask(W - 1, 0)); // adding a pixel keeps the class
    expect(state().classIndex).toBe(2);
    state().setMask(mask(0), 0); // a new pixel click replaces M and the class
    expect(state().classIndex).toBe(1);
    state().setClass(0);
    state().setMask(mask(0, 1));
    expect(state().classIndex).toBe(0);
  });

  it('an empty mask is no mask; undo and redo restore the edits', () => {
    state().setMask(mask(1), 1);
    state().setMask(mask(1, 2));
    state().setMask(mask());
    expect(state().mask).toBeNull();
    state().undo();
    expect(Array.from(state().mask!.bits)).toEqual(Array.from(bits(1, 2)));
    state().undo();
    state().undo();
    expect(state().mask).toBeNull();
    state().redo();
    expect(Array.from(state().mask!.bits)).toEqual(Array.from(bits(1)));
  });

  it('the layer defaults to the model default and [ ] step within bounds', () => {
    expect(state().layer).toBe('bottleneck');
    state().stepLayer(1);
    state().stepLayer(1);
    expect(state().layer).toBe('dec');
    state().stepLayer(-5);
    expect(state().layer).toBe('enc');
  });

  it('a new model keeps a mask that fits its output and drops one that does not', () => {
    state().setMask(mask(3), 3);
    state().modelLoaded(model(), 'other.json');
    expect(state().mask?.bits[3]).toBe(1);
    state().modelLoaded(model({ height: 8, width: 8 }), 'big.json');
    expect(state().mask).toBeNull();
    expect(state().notices.join(' ')).toMatch(/does not fit/);
  });

  it('a failed model load reverts the URL to the loaded model and keeps everything else', () => {
    state().setMask(mask(3), 3);
    state().requestModel('broken.json');
    state().modelFailed('Could not load broken.json');
    expect(state().modelUrl).toBe('m.json');
    expect(state().model?.descriptor.name).toBe('test');
    expect(state().mask?.bits[3]).toBe(1);
    expect(state().error).toMatch(/broken/);
  });

  it('the shareable view round-trips through the hash into a fresh store', () => {
    state().setMask(mask(2, 3, 9), 2);
    state().setMethod('layer-cam');
    state().setLayer('dec');
    state().setViewOptions({ colormap: 'jet', opacity: 0.25 });
    const hash = serializeView(shareableView(state()));
    useAppStore.setState(initialState());
    state().applyHash(parseViewHash(hash));
    state().modelLoaded(model(), state().modelUrl);
    expect(serializeView(shareableView(state()))).toBe(hash);
    expect(state().layer).toBe('dec');
    expect(state().method).toBe('layer-cam');
    expect(state().classIndex).toBe(1);
    expect(Array.from(state().mask!.bits)).toEqual(Array.from(bits(2, 3, 9)));
    expect(state().view).toEqual({ showSegmentation: false, showHeatmap: true, colormap: 'jet', opacity: 0.25 });
  });

  it('a link naming an unknown layer falls back to the default and says so', () => {
    useAppStore.setState(initialState());
    state().applyHash(parseViewHash('#layer=nope&method=bogus'));
    expect(state().notices.join(' ')).toMatch(/method/);
    state().modelLoaded(model(), 'm.json');
    expect(state().layer).toBe('bottleneck');
    expect(state().notices.join(' ')).toMatch(/no layer "nope"/);
  });

  it('a link pasted while a model is loaded is checked against it; the change can be undone', () => {
    state().setMask(mask(3), 3);
    state().applyHash(parseViewHash('#mask=2x2:0.4&class=7'));
    expect(state().mask?.bits[3]).toBe(1);
    expect(state().notices.join(' ')).toMatch(/does not fit/);
    state().applyHash(parseViewHash(`#mask=${H}x${W}:5.2.${(H * W - 7).toString(36)}`));
    expect(Array.from(state().mask!.bits)).toEqual(Array.from(bits(5, 6)));
    state().undo();
    expect(Array.from(state().mask!.bits)).toEqual(Array.from(bits(3)));
  });

  it('stretches by default; another fit drops the fitted results like a new image, keeps M, and travels with an image URL', () => {
    expect(state().fitMode).toBe('stretch');
    state().imageFitted(fitMapping({ height: 30, width: 90 }, { height: H, width: W }, 'stretch'));
    state().setMask(mask(3), 3);
    state().setFitMode('pad');
    state().refitStarted();
    expect(state().fit).toBeNull();
    expect(state().segmentation).toBeNull();
    expect(state().explanation).toBeNull();
    expect(Array.from(state().mask!.bits)).toEqual(Array.from(bits(3)));
    state().requestSource({ kind: 'url', url: 'photo.png' });
    const parsed = parseViewHash(serializeView(shareableView(state())));
    expect(parsed.view.fitMode).toBe('pad');
    useAppStore.setState(initialState());
    state().applyHash(parsed);
    expect(state().fitMode).toBe('pad');
  });
});
