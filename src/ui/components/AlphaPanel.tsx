// The channel weights α of the current layer; pin one α and compare another with it.
import { useState } from 'react';
import { channelOrder, compareAlpha, topChannels, type AlphaComparison } from '../lib/alpha';
import { formatMagnitude } from '../lib/layerLabels';
import { AlphaBars } from './AlphaBars';

/** What an α vector explains: shown next to the pinned one. */
export interface AlphaContext {
  layer: string;
  className: string;
  /** |M| */
  maskSize: number;
}

export interface AlphaPanelProps {
  /** α of the current layer; null before an explanation, empty for saliency. */
  alpha: Float32Array | null;
  context: AlphaContext | null;
  pinned: { alpha: Float32Array; context: AlphaContext } | null;
  onPin(): void;
  onUnpin(): void;
  /** When given, the panel shows the "Export α" button. */
  onExport?(): void;
}

function describe(context: AlphaContext): string {
  return `${context.className} · |M| = ${context.maskSize.toLocaleString('en-US')} · ${context.layer}`;
}

function comparisonText(comparison: AlphaComparison): string {
  switch (comparison.kind) {
    case 'cosine':
      return `cosine similarity ${comparison.value.toFixed(3)}`;
    case 'different-layers':
      return `not comparable: ${comparison.pinned} vs ${comparison.current} channels (pick the pinned layer)`;
    case 'zero-vector':
      return 'not defined: one α is all zero';
  }
}

export function AlphaPanel({ alpha, context, pinned, onPin, onUnpin, onExport }: AlphaPanelProps) {
  const [sorted, setSorted] = useState(false);
  const usable = alpha !== null && alpha.length > 0;
  const comparison = usable && pinned ? compareAlpha(pinned.alpha, alpha) : null;
  const top = usable ? topChannels(alpha, 3) : [];

  return (
    <section className="alpha-panel" aria-label="Channel weights α">
      <h2 className="panel-title">Channel weights α</h2>
      {alpha === null ? (
        <p className="muted">Build M to see α.</p>
      ) : !usable ? (
        <p className="muted">This method has no channel weights.</p>
      ) : (
        <>
          <AlphaBars alpha={alpha} order={channelOrder(alpha, sorted)} reference={pinned?.alpha ?? null} />
          <label className="check">
            <input type="checkbox" checked={sorted} onChange={(e) => setSorted(e.currentTarget.checked)} />
            Sort by value
          </label>
          <p className="alpha-top">
            Top |α|: {top.map((k) => `#${k} (${formatMagnitude(alpha[k])})`).join(', ')}
          </p>
        </>
      )}

      <div className="button-row">
        <button type="button" disabled={!usable || !context} onClick={onPin} title="Keep this α to compare with another M">
          Pin
        </button>
        {pinned && (
          <button type="button" onClick={onUnpin}>
            Unpin
          </button>
        )}
        {onExport && (
          <button type="button" disabled={!usable} onClick={onExport}>
            Export α
          </button>
        )}
      </div>

      {pinned && (
        <div className="alpha-compare">
          <div>
            <span className="legend-key legend-key-reference" aria-hidden="true" /> Pinned: {describe(pinned.context)}
          </div>
          {context && (
            <div>
              <span className="legend-key legend-key-current" aria-hidden="true" /> Current: {describe(context)}
            </div>
          )}
          {comparison && (
            <span className="alpha-cosine" data-testid="alpha-cosine">
              {comparisonText(comparison)}
            </span>
          )}
        </div>
      )}
    </section>
  );
}
