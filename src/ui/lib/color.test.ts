import { describe, expect, it } from 'vitest';
import { rgbCss, textColorOn } from './color';

describe('color helpers', () => {
  it('writes CSS rgb()', () => {
    expect(rgbCss([128, 64, 128])).toBe('rgb(128, 64, 128)');
  });

  it('picks readable text on light and dark backgrounds', () => {
    expect(textColorOn([255, 255, 255])).toBe('#000');
    expect(textColorOn([220, 220, 0])).toBe('#000'); // traffic sign yellow
    expect(textColorOn([0, 0, 142])).toBe('#fff'); // car blue
    expect(textColorOn([0, 0, 0])).toBe('#fff');
  });
});
