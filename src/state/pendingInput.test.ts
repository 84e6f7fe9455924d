// A click before the scene is drawn lands on the empty canvas: it is kept and taken at the same
// relative place on the image once the image and the model's grid exist.
import { describe, expect, it } from 'vitest';
import { fitMapping } from '../imaging/fitImage';
import { resolvePendingInput } from './pendingInput';

const IMAGE = { height: 8, width: 16 };
const fit = fitMapping(IMAGE, { height: 4, width: 8 }, 'stretch');
// Output grid 2×4; every pixel class 0.
const segmentation = { height: 2, width: 4, labels: new Uint8Array(8) };

function onlyBit(bits: Uint8Array): number {
  const set = [...bits.keys()].filter((i) => bits[i]);
  expect(set).toHaveLength(1);
  return set[0];
}

describe('resolvePendingInput', () => {
  it('takes a point measured on the image as is', () => {
    const resolved = resolvePendingInput({ kind: 'point', at: { x: 13, y: 6, on: IMAGE }, tool: 'pixel', add: false }, { fit, segmentation, mask: null });
    expect(onlyBit(resolved!.mask.bits)).toBe(1 * 4 + 3); // row 1, col 3
  });

  it('rescales a point measured on a canvas of another size (clicked before the image was drawn)', () => {
    // (100, 10) on a 400×40 canvas is 1/4 across and 1/4 down: image (4, 2) → output row 0, col 1.
    const early = resolvePendingInput(
      { kind: 'point', at: { x: 100, y: 10, on: { height: 40, width: 400 } }, tool: 'pixel', add: false },
      { fit, segmentation, mask: null },
    );
    expect(onlyBit(early!.mask.bits)).toBe(0 * 4 + 1);
    // The same coordinates taken as image pixels would fall outside the image: nothing.
    expect(resolvePendingInput({ kind: 'point', at: { x: 100, y: 10 }, tool: 'pixel', add: false }, { fit, segmentation, mask: null })).toBeNull();
  });

  it('rescales every point of an early stroke', () => {
    const on = { height: 80, width: 160 }; // 10× the image
    const resolved = resolvePendingInput(
      { kind: 'stroke', points: [{ x: 150, y: 70, on }], erase: false, brushSize: 1 },
      { fit, segmentation, mask: null },
    );
    expect(onlyBit(resolved!.mask.bits)).toBe(1 * 4 + 3);
  });
});
