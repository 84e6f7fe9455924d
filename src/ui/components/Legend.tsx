// The classes present in the predicted segmentation: swatch, name, share of pixels.
import { useMemo } from 'react';
import type { ClassInfo } from '../../engine/types';
import { classShares } from '../lib/classShares';
import { formatShare } from '../lib/layerLabels';
import { Swatch } from './Swatch';

export interface LegendProps {
  classes: readonly ClassInfo[];
  /** Predicted class per output pixel; null before the first segmentation. */
  labels: ArrayLike<number> | null;
  /** The class being explained, highlighted. */
  current?: number | null;
  /** When given, clicking an entry picks that class. */
  onSelect?(classIndex: number): void;
}

export function Legend({ classes, labels, current = null, onSelect }: LegendProps) {
  const shares = useMemo(() => (labels ? classShares(labels, classes.length) : []), [labels, classes.length]);
  if (!labels) return null;
  return (
    <section className="legend" aria-label="Legend">
      <h2 className="panel-title">Classes present</h2>
      {shares.length === 0 ? (
        <p className="muted">No class predicted.</p>
      ) : (
        <ul className="legend-list">
          {shares.map(({ classIndex, share }) => {
            const info = classes[classIndex];
            const content = (
              <>
                <Swatch color={info.color} />
                <span className="legend-name">{info.name}</span>
                <span className="legend-share">{formatShare(share)}</span>
              </>
            );
            return (
              <li key={classIndex} className={classIndex === current ? 'legend-item is-current' : 'legend-item'}>
                {onSelect ? (
                  <button type="button" className="legend-button" title={`Explain ${info.name}`} onClick={() => onSelect(classIndex)}>
                    {content}
                  </button>
                ) : (
                  content
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
