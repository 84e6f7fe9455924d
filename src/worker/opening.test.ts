import { describe, expect, it } from 'vitest';
import { openingFromName, openingName, type Opening } from './opening';

describe('the opening in a worker name', () => {
  it('round-trips start options and the default model', () => {
    const opening: Opening = {
      start: { backend: 'wasm', wasmPaths: 'http://h/tfjs-wasm/', threads: 2 },
      model: { url: 'http://h/models/unet-streets/model.json', options: { shipped: true } },
    };
    expect(openingFromName(openingName(opening))).toEqual(opening);
    const bare: Opening = { start: { backend: null, wasmPaths: '/w/', threads: null } };
    expect(openingFromName(openingName(bare))).toEqual(bare);
  });

  it('a name that holds no opening, or a broken or hostile one, is none', () => {
    for (const name of [
      '',
      'my worker',
      'segcam-opening:{',
      'segcam-opening:null',
      'segcam-opening:{"start":{"backend":"webgpu","wasmPaths":"/"}}',
      'segcam-opening:{"start":{"backend":null,"wasmPaths":7}}',
      'segcam-opening:{"start":{"backend":null,"wasmPaths":"/","threads":"all"}}',
      'segcam-opening:{"start":{"backend":null,"wasmPaths":"/"},"model":{"url":3}}',
    ]) {
      expect(openingFromName(name), name).toBeNull();
    }
  });
});
