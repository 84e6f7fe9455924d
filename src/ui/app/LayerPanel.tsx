// Container: the layer slider (and the strip of per-layer heatmaps).
import { LayerSlider } from '../components/LayerSlider';
import { useAppStore } from '../../state/store';

export function LayerPanel(): React.JSX.Element {
  const model = useAppStore((s) => s.model);
  const layer = useAppStore((s) => s.layer);
  const setLayer = useAppStore((s) => s.setLayer);
  const layers = model?.layers ?? [];
  const index = layers.findIndex((l) => l.name === layer);
  return (
    <section className="panel layer-panel" aria-label="Layers">
      <LayerSlider layers={layers} index={index} onIndex={(i) => layers[i] && setLayer(layers[i].name)} disabled={!model} />
    </section>
  );
}
