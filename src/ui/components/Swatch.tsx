// A small square of a class's palette colour.
import type { RGB } from '../../engine/types';
import { rgbCss } from '../lib/color';

export interface SwatchProps {
  color: RGB;
  /** Read to screen readers when given; otherwise the swatch is decorative. */
  label?: string;
}

export function Swatch({ color, label }: SwatchProps) {
  return (
    <span
      className="swatch"
      style={{ backgroundColor: rgbCss(color) }}
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  );
}
