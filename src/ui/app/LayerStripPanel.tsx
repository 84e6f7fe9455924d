// Container: small heatmaps of every layer from the one backward pass; a click selects one.
import { useMemo, useState } from 'react';
import { LayerStrip } from '../components/LayerStrip';
import { fencedLayers, useAppStore } from '../../state/store';

export function LayerStripPanel(): React.JSX.Element | null {
  const explanation = useAppStore((s) => s.explanation);
  const layer = useAppStore((s) => s.layer);
  const colormap = useAppStore((s) => s.view.colormap);
  const setLayer = useAppStore((s) => s.setLayer);
  const mask = useAppStore((s) => s.mask);
  const model = useAppStore((s) => s.model);
  const fenced = useMemo(() => fencedLayers({ explanation, mask, model }), [explanation, mask, model]);
  const [scale, setScale] = useState<'own' | 'shared'>('own');
  if (!explanation) return null;
  return (
    <section className="panel strip-panel" aria-label="All layers">
      <div className="field-row">
        <h2 className="panel-title">All layers (one backward pass)</h2>
        <label className="check">
          <input type="checkbox" checked={scale === 'shared'} onChange={(e) => setScale(e.currentTarget.checked ? 'shared' : 'own')} />
          Shared colour scale
        </label>
      </div>
      <LayerStrip layers={explanation.layers} current={layer} onSelect={setLayer} colormap={colormap} scale={scale} fenced={fenced} />
    </section>
  );
}
