// Small heatmaps of every layer side by side: how the explanation changes through the network.
import type { ColormapName } from '../../formats/colormap';
import type { LayerExplanation } from '../../engine/types';
import { formatMagnitude, formatShape, splitLayerName } from '../lib/layerLabels';
import { HeatmapThumbnail } from './HeatmapThumbnail';

export interface LayerStripProps {
  layers: readonly LayerExplanation[];
  /** Name of the selected layer. */
  current: string | null;
  onSelect(layer: string): void;
  colormap: ColormapName;
  /**
   * 'own': each thumbnail normalised by its own camMax (shapes compare);
   * 'shared': all by the largest camMax (magnitudes compare).
   */
  scale?: 'own' | 'shared';
  /** Layers whose map is fixed by construction, with the reason: a label instead of the map. */
  fenced?: ReadonlyMap<string, string>;
}

export function LayerStrip({ layers, current, onSelect, colormap, scale = 'own', fenced }: LayerStripProps) {
  const sharedMax = layers.reduce((m, l) => Math.max(m, l.camMax), 0);
  return (
    <div className="layer-strip" role="group" aria-label="Layers">
      {layers.map((l, i) => {
        const selected = l.layer === current;
        const fence = fenced?.get(l.layer);
        const empty = !fence && !(l.camMax > 0);
        return (
          <button
            key={l.layer}
            type="button"
            className={selected ? 'layer-tile is-current' : 'layer-tile'}
            aria-label={`Layer ${l.layer}`}
            aria-pressed={selected}
            title={`${l.layer} · ${formatShape(l.shape)} · ${l.role} · raw max ${formatMagnitude(l.rawMax)}${fence ? ` · not drawn: ${fence}` : ''}`}
            onClick={() => onSelect(l.layer)}
          >
            <span className="layer-tile-image">
              {!fence && (
                <HeatmapThumbnail
                  map={l.cam}
                  height={l.shape[0]}
                  width={l.shape[1]}
                  max={scale === 'shared' ? sharedMax : l.camMax}
                  colormap={colormap}
                />
              )}
              {fence && <span className="layer-tile-empty">fixed</span>}
              {empty && <span className="layer-tile-empty">empty</span>}
            </span>
            {i === 0 || splitLayerName(layers[i - 1].layer).scope !== splitLayerName(l.layer).scope ? (
              <span className="layer-tile-scope">{splitLayerName(l.layer).scope}</span>
            ) : null}
            <span className="layer-tile-name">{splitLayerName(l.layer).short}</span>
            <span className="layer-tile-max">max {formatMagnitude(l.rawMax)}</span>
          </button>
        );
      })}
    </div>
  );
}
