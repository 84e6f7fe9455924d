// Small colour helpers for the UI.
import type { RGB } from '../../engine/types';

export function rgbCss([r, g, b]: RGB): string {
  return `rgb(${r}, ${g}, ${b})`;
}

/** Black or white, whichever reads better on the given background (WCAG relative luminance). */
export function textColorOn([r, g, b]: RGB): '#000' | '#fff' {
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return l > 0.179 ? '#000' : '#fff';
}
