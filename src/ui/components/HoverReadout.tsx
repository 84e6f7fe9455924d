// What is under the cursor: output pixel, predicted class and its probability.
import type { RGB } from '../../engine/types';
import { Swatch } from './Swatch';

export interface HoverInfo {
  row: number;
  col: number;
  className: string;
  color: RGB;
  /** Softmax probability of the predicted class, 0..1. */
  probability: number;
  /** The heatmap value there (current layer, upsampled), when one is shown. */
  heat?: number | null;
}

export interface HoverReadoutProps {
  hover: HoverInfo | null;
}

export function HoverReadout({ hover }: HoverReadoutProps) {
  return (
    <div className="hover-readout" aria-label="Pixel under the cursor">
      {hover ? (
        <>
          <span>
            ({hover.row}, {hover.col})
          </span>
          <span className="hover-class">
            <Swatch color={hover.color} /> {hover.className}
          </span>
          <span>p = {hover.probability.toFixed(3)}</span>
          {hover.heat !== undefined && hover.heat !== null && <span>cam = {hover.heat.toPrecision(3)}</span>}
        </>
      ) : (
        <span className="muted">Hover the scene to read a pixel.</span>
      )}
    </div>
  );
}
