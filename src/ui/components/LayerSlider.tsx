// The layer slider over every explainable layer, in graph order. [ and ] are handled by the app.
import type { ExplainableLayer } from '../../engine/types';
import { formatShape, layerLabel, roleBadge, splitLayerName } from '../lib/layerLabels';

export interface LayerSliderProps {
  layers: readonly ExplainableLayer[];
  /** Index into layers; -1 or out of range when none is chosen. */
  index: number;
  onIndex(index: number): void;
  disabled?: boolean;
}

export function LayerSlider({ layers, index, onIndex, disabled = false }: LayerSliderProps) {
  const layer = layers[index];
  const badge = layer ? roleBadge(layer.role) : null;
  return (
    <div className="field layer-slider">
      <div className="field-label">
        Layer{' '}
        <span className="field-value">
          {layers.length > 0 ? `${Math.max(0, index) + 1} / ${layers.length}` : '—'}
        </span>
      </div>
      <input
        type="range"
        aria-label="Layer"
        aria-valuetext={layer ? layerLabel(layer) : undefined}
        min={0}
        max={Math.max(0, layers.length - 1)}
        step={1}
        value={Math.max(0, Math.min(index, layers.length - 1))}
        disabled={disabled || layers.length === 0}
        title="[ and ] step through the layers"
        onChange={(e) => onIndex(Number(e.currentTarget.value))}
      />
      {layer && badge && (
        <div className="layer-caption">
          {splitLayerName(layer.name).scope && <span className="layer-scope">{splitLayerName(layer.name).scope}</span>}
          <span className="layer-name" title={layer.name}>
            {splitLayerName(layer.name).short}
          </span>
          <span className="layer-shape">{formatShape(layer.shape)}</span>
          <span className={badge.className} title={badge.title}>
            {layer.role}
          </span>
        </div>
      )}
    </div>
  );
}
