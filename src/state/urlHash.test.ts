import { describe, expect, it } from 'vitest';
import { parseViewHash, serializeView } from './urlHash';
import type { ShareableView } from './view';

function sampleView(): ShareableView {
  const bits = new Uint8Array(8 * 16);
  for (let i = 20; i < 37; i++) bits[i] = 1;
  bits[100] = 1;
  return {
    source: { kind: 'scene', seed: 4242 },
    modelUrl: 'https://example.org/my model/model.json?v=1&x=2',
    classIndex: 13,
    layer: 'dec2_conv',
    method: 'grad-cam-pp',
    mask: { height: 8, width: 16, bits },
    view: { showSegmentation: true, showHeatmap: false, colormap: 'viridis', opacity: 0.35 },
    fitMode: 'crop',
  };
}

describe('URL hash', () => {
  it('round-trips every shareable field', () => {
    const view: ShareableView = { ...sampleView(), source: { kind: 'url', url: 'https://example.org/kitti.png' } };
    const parsed = parseViewHash(serializeView(view));
    expect(parsed.errors).toEqual([]);
    expect(parsed.view).toEqual(view);
  });

  it('holds the image fit only with an image URL: a scene has the model aspect', () => {
    const scene = sampleView();
    expect(serializeView(scene)).not.toMatch(/fit=/);
    const { fitMode, ...rest } = scene;
    expect(fitMode).toBe('crop');
    expect(parseViewHash(serializeView(scene)).view).toEqual(rest);
    for (const mode of ['stretch', 'pad', 'crop'] as const) {
      const hash = serializeView({ ...scene, source: { kind: 'url', url: 'a.png' }, fitMode: mode });
      expect(hash).toContain(`fit=${mode}`);
      expect(parseViewHash(hash).view.fitMode).toBe(mode);
    }
    const bad = parseViewHash('#image=a.png&fit=squash&class=2');
    expect(bad.errors).toEqual([expect.stringMatching(/^fit: unknown fit "squash"/)]);
    expect(bad.view).toEqual({ source: { kind: 'url', url: 'a.png' }, classIndex: 2 });
  });

  it('round-trips an image URL source and an absent mask/class/layer', () => {
    const view: ShareableView = { ...sampleView(), source: { kind: 'url', url: 'pics/a b.png' }, mask: null, classIndex: null, layer: null };
    const parsed = parseViewHash(serializeView(view));
    expect(parsed.errors).toEqual([]);
    expect(parsed.view.source).toEqual({ kind: 'url', url: 'pics/a b.png' });
    expect(parsed.view.mask).toBeUndefined();
    expect(parsed.view.classIndex).toBeUndefined();
  });

  it('leaves a local image out of the link', () => {
    const hash = serializeView({ ...sampleView(), source: { kind: 'local', name: 'me.png' } });
    expect(hash).not.toMatch(/me\.png|scene=|image=/);
  });

  it('leaves a model opened from local files out of the link', () => {
    const hash = serializeView({ ...sampleView(), modelUrl: 'local: model.json, weights.bin' });
    expect(parseViewHash(hash).view.modelUrl).toBeUndefined();
    expect(parseViewHash('#model=local%3A%20x').errors[0]).toMatch(/^model:/);
  });

  it('the mask code is compact', () => {
    const bits = new Uint8Array(128 * 256);
    for (let r = 40; r < 60; r++) bits.fill(1, r * 256 + 100, r * 256 + 130);
    const hash = serializeView({ ...sampleView(), mask: { height: 128, width: 256, bits } });
    expect(hash.length).toBeLessThan(400);
  });

  it('a mangled hash reports each bad field and keeps the good ones', () => {
    const good = serializeView(sampleView());
    const mangled = good
      .replace(/mask=[^&]*/, 'mask=8x16:zz.%21')
      .replace('method=grad-cam-pp', 'method=magic')
      .replace('opacity=0.35', 'opacity=7')
      .replace('class=13', 'class=-1');
    const parsed = parseViewHash(mangled);
    expect(parsed.errors.map((e) => e.split(':')[0]).sort()).toEqual(['class', 'mask', 'method', 'opacity']);
    expect(parsed.view.source).toEqual({ kind: 'scene', seed: 4242 });
    expect(parsed.view.layer).toBe('dec2_conv');
    expect(parsed.view.view?.colormap).toBe('viridis');
    expect(parsed.view.mask).toBeUndefined();
  });

  it('a mask whose runs do not fit its size is an error', () => {
    const parsed = parseViewHash('#mask=2x2:1.5');
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatch(/^mask:/);
  });

  it('garbage gives errors or nothing, never a throw', () => {
    for (const junk of ['#%%%', '#&&==&', '#scene=abc&image=', '#' + 'x'.repeat(5000)]) {
      expect(() => parseViewHash(junk)).not.toThrow();
    }
    expect(parseViewHash('#scene=abc').errors[0]).toMatch(/^scene:/);
  });

  it('a scene link can carry a planted bias; a bias without a scene or an unknown one is reported', () => {
    const view = { ...parseViewHash('#scene=1').view } as ShareableView;
    const linked = serializeView({ ...sampleView(), source: { kind: 'scene', seed: 69, bias: 'marked-rider' } });
    expect(linked).toContain('bias=marked-rider');
    expect(parseViewHash(linked).view.source).toEqual({ kind: 'scene', seed: 69, bias: 'marked-rider' });
    expect(parseViewHash('#scene=3&bias=nope').errors[0]).toMatch(/unknown bias "nope"/);
    expect(parseViewHash('#image=a.png&bias=marked-rider').errors[0]).toMatch(/a bias needs a scene/);
    expect(view.source).toEqual({ kind: 'scene', seed: 1 });
  });
});
