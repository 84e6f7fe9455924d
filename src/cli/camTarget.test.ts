import { describe, expect, it } from 'vitest';
import { maskSize } from '../mask/mask';
import { UsageError } from './args';
import { buildTargetMask, inputToOutputPixel, maskFromImage, resolveClass } from './camTarget';

const classes = [
  { name: 'road', color: [1, 1, 1] as [number, number, number] },
  { name: 'Traffic Light', color: [2, 2, 2] as [number, number, number] },
];

describe('CLI targets', () => {
  it('resolves classes by index or case-insensitive name', () => {
    expect(resolveClass('1', classes)).toBe(1);
    expect(resolveClass('traffic light', classes)).toBe(1);
    expect(() => resolveClass('2', classes)).toThrow(/out of range: the model has 2 classes \(0..1\)/);
    expect(() => resolveClass('car', classes)).toThrow(UsageError);
    expect(() => resolveClass('car', classes)).toThrow(/classes: road, Traffic Light/);
  });

  it('maps model-input pixels to the output grid', () => {
    expect(inputToOutputPixel(5, 9, { height: 8, width: 16 }, { height: 8, width: 16 })).toEqual({ row: 5, col: 9 });
    expect(inputToOutputPixel(5, 9, { height: 8, width: 16 }, { height: 4, width: 8 })).toEqual({ row: 2, col: 4 });
    expect(() => inputToOutputPixel(8, 0, { height: 8, width: 16 }, { height: 8, width: 16 })).toThrow(/outside the model input 8×16/);
  });

  it('reads any non-zero colour of a mask image and resizes it nearest', () => {
    const rgb = new Uint8Array(2 * 2 * 3);
    rgb[3 * 1 + 2] = 9; // pixel (0,1): blue only
    const m = maskFromImage({ width: 2, height: 2, rgb }, { height: 4, width: 4 });
    expect(Array.from(m.bits)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('builds each kind of mask and refuses empty ones', () => {
    const labels = new Uint8Array([0, 1, 1, 0]);
    const common = { classIndex: 1, labels, input: { height: 2, width: 2 }, output: { height: 2, width: 2 }, classNames: ['road', 'car'] };
    const noImage = (): never => {
      throw new Error('not read');
    };
    expect(maskSize(buildTargetMask({ ...common, spec: { kind: 'predicted' }, readMask: noImage }))).toBe(2);
    expect(maskSize(buildTargetMask({ ...common, spec: { kind: 'all' }, readMask: noImage }))).toBe(4);
    expect(Array.from(buildTargetMask({ ...common, spec: { kind: 'pixel', row: 1, col: 0 }, readMask: noImage }).bits)).toEqual([0, 0, 1, 0]);
    expect(() => buildTargetMask({ ...common, classIndex: 2, classNames: ['a', 'b', 'sky'], spec: { kind: 'predicted' }, readMask: noImage })).toThrow(
      /no pixel is predicted as "sky"/,
    );
    const blank = () => ({ width: 2, height: 2, rgb: new Uint8Array(12) });
    expect(() => buildTargetMask({ ...common, spec: { kind: 'mask', path: 'm.png' }, readMask: blank })).toThrow(/m.png has no non-zero pixel/);
  });
});
