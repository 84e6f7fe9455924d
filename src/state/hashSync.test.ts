import { beforeEach, describe, expect, it } from 'vitest';
import { initialState, useAppStore } from './store';
import { syncUrlHash, type HashPage } from './hashSync';
import type { ModelInfo } from '../worker/protocol';

function model(): ModelInfo {
  return {
    descriptor: {
      name: 'm',
      classes: [0, 1, 2].map((i) => ({ name: `c${i}`, color: [i, i, i] })),
      input: { height: 2, width: 4 },
      preprocess: { channelOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1] },
      output: 'logits',
    },
    inputSize: { height: 2, width: 4 },
    outputSize: { height: 2, width: 4 },
    numClasses: 3,
    layers: [{ name: 'bottleneck', className: 'Conv2D', shape: [1, 2, 3], role: 'bottleneck' }],
    defaultLayer: 'bottleneck',
    warnings: [],
  };
}

/** A page whose history and hashchange listeners the test can see and drive. */
class FakePage implements HashPage {
  location = { hash: '' };
  readonly written: string[] = [];
  private listener: (() => void) | null = null;
  readonly history = {
    replaceState: (_data: unknown, _unused: string, url: string) => {
      this.written.push(url);
      this.location.hash = url;
    },
  };
  addEventListener(_type: 'hashchange', listener: () => void): void {
    this.listener = listener;
  }
  removeEventListener(): void {
    this.listener = null;
  }
  /** The user pastes a link into the address bar. */
  paste(hash: string): void {
    this.location.hash = hash;
    this.listener?.();
  }
  get listening(): boolean {
    return this.listener !== null;
  }
}

const state = () => useAppStore.getState();

beforeEach(() => useAppStore.setState(initialState()));

describe('syncUrlHash', () => {
  it('writes nothing before a model is in, then one hash per distinct shareable view', () => {
    const page = new FakePage();
    const stop = syncUrlHash(useAppStore, page);
    state().setMethod('layer-cam');
    expect(page.written).toEqual([]);
    state().modelLoaded(model(), 'm.json');
    expect(page.written).toHaveLength(1);
    expect(page.written[0]).toMatch(/method=layer-cam/);
    state().setStatus('busy'); // not shareable: no new entry
    expect(page.written).toHaveLength(1);
    state().setViewOptions({ colormap: 'jet' });
    expect(page.written).toHaveLength(2);
    expect(page.written[1]).toMatch(/cmap=jet/);
    stop();
    expect(page.listening).toBe(false);
    state().setViewOptions({ colormap: 'viridis' });
    expect(page.written).toHaveLength(2);
  });

  it('a pasted link is applied; the hash it wrote itself is not re-applied', () => {
    const page = new FakePage();
    const stop = syncUrlHash(useAppStore, page);
    state().modelLoaded(model(), 'm.json');
    const notices = state().notices.length;
    page.paste('#method=grad-cam-pp&layer=bottleneck');
    expect(state().method).toBe('grad-cam-pp');
    page.paste(page.written.at(-1)!);
    page.paste('#method=bogus');
    expect(state().notices.length).toBe(notices + 1);
    stop();
  });
});
