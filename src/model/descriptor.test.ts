import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CITYSCAPES_CLASSES } from '../datasets/cityscapes';
import { defaultDescriptor, generatedPalette, parseDescriptor } from './descriptor';

const ESPNET = fileURLToPath(new URL('../../../shared/fixtures/espnet-cityscapes', import.meta.url));
const SHIPPED = fileURLToPath(new URL('../../public/models/unet-streets/segcam.json', import.meta.url));

const valid = {
  name: 'Tiny',
  classes: [
    { name: 'a', color: [1, 2, 3] },
    { name: 'b', color: [255, 0, 0] },
  ],
  input: { height: 8, width: 16 },
  preprocess: { channelOrder: 'BGR', mean: [1, 2, 3], std: [4, 5, 6] },
  output: 'softmax',
  defaultLayer: 'conv1',
};

function errorsOf(json: unknown, ctx = {}): string[] {
  const r = parseDescriptor(json, ctx);
  return 'errors' in r ? r.errors : [];
}

describe('parseDescriptor', () => {
  it('accepts a complete descriptor unchanged', () => {
    const r = parseDescriptor(valid, { numClasses: 2 });
    expect(r).toEqual({ descriptor: valid });
  });

  it('fills optional fields with defaults', () => {
    const r = parseDescriptor({ classes: valid.classes }, { inputSize: { height: 4, width: 6 } });
    expect(r).toEqual({
      descriptor: {
        name: 'Unnamed model',
        classes: valid.classes,
        input: { height: 4, width: 6 },
        preprocess: { channelOrder: 'RGB', mean: [0, 0, 0], std: [255, 255, 255] },
        output: 'logits',
      },
    });
  });

  it('reports each bad field by name', () => {
    const errors = errorsOf({
      name: 3,
      classes: [{ name: 'a', color: [1, 2, 3] }, { name: '', color: [1, 2] }, 'x', { name: 'd', color: [0, 256, 0] }],
      input: { height: 0, width: 2.5 },
      preprocess: { channelOrder: 'rgb', mean: [0, 0], std: [1, 0, 1] },
      output: 'probabilities',
      defaultLayer: 7,
    });
    expect(errors).toEqual([
      'name: expected a string',
      'classes[1].name: expected a non-empty string',
      'classes[1].color: expected [r,g,b] with 0..255 integers',
      'classes[2]: expected an object {name, color}',
      'classes[3].color: expected [r,g,b] with 0..255 integers',
      'input.height: expected a positive integer',
      'input.width: expected a positive integer',
      "preprocess.channelOrder: expected 'RGB' or 'BGR'",
      'preprocess.mean: expected [m0,m1,m2], three finite numbers',
      'preprocess.std: expected [s0,s1,s2], three positive numbers',
      "output: expected 'logits' or 'softmax'",
      'defaultLayer: expected a layer name',
    ]);
  });

  it('checks the class count and input size against the model', () => {
    const classes = Array.from({ length: 20 }, (_, i) => ({ name: `c${i}`, color: [i, i, i] }));
    expect(errorsOf({ ...valid, classes }, { numClasses: 19 })).toEqual([
      'classes: 20 entries but the model outputs 19 channels',
    ]);
    expect(errorsOf(valid, { inputSize: { height: 8, width: 8 } })).toEqual([
      "input: 8×16 but the model's input is fixed at 8×8",
    ]);
    expect(errorsOf({ classes: valid.classes })[0]).toMatch(/^input: missing/);
  });

  it('rejects non-objects and empty class lists', () => {
    expect(errorsOf([1, 2])).toEqual(['descriptor: expected a JSON object']);
    expect(errorsOf(null)).toEqual(['descriptor: expected a JSON object']);
    expect(errorsOf({ ...valid, classes: [] })).toContain('classes: expected a non-empty array of {name, color}');
  });

  it.skipIf(!existsSync(ESPNET))('accepts the ESPNet fixture descriptor', () => {
    const r = parseDescriptor(JSON.parse(readFileSync(`${ESPNET}/segcam.json`, 'utf8')), { numClasses: 20 });
    expect('descriptor' in r && r.descriptor.preprocess.channelOrder).toBe('BGR');
    expect('descriptor' in r && r.descriptor.defaultLayer).toBe('b3_prelu');
  });

  it.skipIf(!existsSync(SHIPPED))('accepts the shipped U-Net descriptor', () => {
    expect(errorsOf(JSON.parse(readFileSync(SHIPPED, 'utf8')), { numClasses: 19 })).toEqual([]);
  });
});

describe('defaultDescriptor', () => {
  it('uses the Cityscapes classes for 19 channels', () => {
    const d = defaultDescriptor({ numClasses: 19, inputSize: { height: 128, width: 256 }, name: 'm' });
    expect(d.classes).toEqual(CITYSCAPES_CLASSES);
    expect(d.preprocess).toEqual({ channelOrder: 'RGB', mean: [0, 0, 0], std: [255, 255, 255] });
    expect(d.defaultLayer).toBeUndefined();
    expect(parseDescriptor(d, { numClasses: 19 })).toEqual({ descriptor: d });
  });

  it('names classes by index with distinct colours otherwise', () => {
    const d = defaultDescriptor({ numClasses: 5, inputSize: { height: 8, width: 8 }, name: 'm' });
    expect(d.classes.map((c) => c.name)).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
    const palette = generatedPalette(40);
    expect(new Set(palette.map((c) => c.join())).size).toBe(40);
    expect(palette.every((c) => c.every((v) => Number.isInteger(v) && v >= 0 && v <= 255))).toBe(true);
  });
});
