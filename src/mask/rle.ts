// Run-length code of a binary mask as a URL-safe string, for the shareable link.
// Format: base36 run lengths joined by '.', alternating 0-runs and 1-runs and starting with a
// 0-run (which may be 0). Runs must add up to the mask length; the last run is never 0.
// The empty mask of length 0 encodes as ''.
import { MAX_MASK_PIXELS } from '../formats/limits';
import type { Mask } from './mask';

const SEPARATOR = '.';
const RUN = /^[0-9a-z]+$/;

export function encodeMaskRle(mask: ArrayLike<number>): string {
  const runs: number[] = [];
  let value = 0;
  let length = 0;
  for (let i = 0; i < mask.length; i++) {
    const bit = mask[i] !== 0 ? 1 : 0;
    if (bit === value) {
      length++;
    } else {
      runs.push(length);
      value = bit;
      length = 1;
    }
  }
  if (length > 0) runs.push(length);
  return runs.map((r) => r.toString(36)).join(SEPARATOR);
}

/** Decodes to a Uint8Array of `expectedLength` 0/1 values; throws an Error saying what is wrong. */
export function decodeMaskRle(code: string, expectedLength: number): Uint8Array {
  if (!Number.isInteger(expectedLength) || expectedLength < 0) {
    throw new Error(`mask code: expected length must be a non-negative integer, got ${expectedLength}`);
  }
  const mask = new Uint8Array(expectedLength);
  if (code === '') {
    if (expectedLength === 0) return mask;
    throw new Error(`mask code is empty but the mask has ${expectedLength} pixels`);
  }
  const parts = code.split(SEPARATOR);
  let offset = 0;
  parts.forEach((part, k) => {
    if (!RUN.test(part)) {
      throw new Error(`mask code: run ${k + 1} "${part.slice(0, 20)}" is not a base-36 number`);
    }
    const run = parseInt(part, 36);
    if (run === 0 && k > 0) throw new Error(`mask code: run ${k + 1} is zero (only the first run may be)`);
    if (offset + run > expectedLength) {
      throw new Error(`mask code: runs exceed the mask length ${expectedLength}`);
    }
    if (k % 2 === 1) mask.fill(1, offset, offset + run);
    offset += run;
  });
  if (offset !== expectedLength) {
    throw new Error(`mask code: runs cover ${offset} pixels but the mask has ${expectedLength}`);
  }
  return mask;
}


/** A whole mask as text, `HEIGHTxWIDTH:` + its run-length code (the link's `mask` field). */
export function maskToText(mask: Mask): string {
  return `${mask.height}x${mask.width}:${encodeMaskRle(mask.bits)}`;
}

/** The inverse of maskToText; throws an Error saying what is wrong. */
export function maskFromText(text: string): Mask {
  const match = /^(\d+)x(\d+):(.*)$/.exec(text);
  if (!match) throw new Error('expected HEIGHTxWIDTH:code');
  const height = Number(match[1]);
  const width = Number(match[2]);
  if (height < 1 || width < 1 || height * width > MAX_MASK_PIXELS) throw new Error(`size ${height}×${width} is out of range (at most ${MAX_MASK_PIXELS.toLocaleString('en')} pixels)`);
  return { height, width, bits: decodeMaskRle(match[3], height * width) };
}
