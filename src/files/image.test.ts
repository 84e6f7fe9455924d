import { describe, expect, it } from 'vitest';
import { decodeGreyPng, decodeImage, encodeJpeg, encodePng } from './image';

function gradient(w: number, h: number): Uint8Array {
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 3 * (y * w + x);
      rgb[i] = (x * 255) / (w - 1);
      rgb[i + 1] = (y * 255) / (h - 1);
      rgb[i + 2] = 128;
    }
  }
  return rgb;
}

describe('image files', () => {
  it('PNG round-trips RGB, RGBA and grey exactly', () => {
    const rgb = gradient(13, 7);
    expect(decodeImage(encodePng(rgb, 7, 13, 3))).toEqual({ width: 13, height: 7, rgb });
    const rgba = new Uint8Array(13 * 7 * 4).map((_, i) => (i % 4 === 3 ? 255 : rgb[Math.floor(i / 4) * 3 + (i % 4)]));
    expect(decodeImage(encodePng(rgba, 7, 13, 4)).rgb).toEqual(rgb);
    const grey = new Uint8Array(13 * 7).map((_, i) => i % 20);
    expect(decodeGreyPng(encodePng(grey, 7, 13, 1))).toEqual({ width: 13, height: 7, values: grey });
  });

  it('JPEG decodes to the same picture within compression error', () => {
    const rgb = gradient(32, 16);
    const back = decodeImage(encodeJpeg(rgb, 16, 32, 95));
    expect([back.width, back.height]).toEqual([32, 16]);
    let maxDiff = 0;
    for (let i = 0; i < rgb.length; i++) maxDiff = Math.max(maxDiff, Math.abs(rgb[i] - back.rgb[i]));
    expect(maxDiff).toBeLessThan(16);
  });

  it('says when bytes are not an image', () => {
    expect(() => decodeImage(new TextEncoder().encode('{"not": "an image"}'))).toThrow(/not a PNG or JPEG/);
  });
});
