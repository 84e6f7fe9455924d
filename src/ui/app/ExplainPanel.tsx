// Container: what to explain (class, method) and where (layer).
import { ClassPicker } from '../components/ClassPicker';
import { MethodPicker } from '../components/MethodPicker';
import { LayerSlider } from '../components/LayerSlider';
import { useAppStore } from '../../state/store';

export function ExplainPanel(): React.JSX.Element {
  const model = useAppStore((s) => s.model);
  const classIndex = useAppStore((s) => s.classIndex);
  const method = useAppStore((s) => s.method);
  const layer = useAppStore((s) => s.layer);
  const setClass = useAppStore((s) => s.setClass);
  const setMethod = useAppStore((s) => s.setMethod);
  const setLayer = useAppStore((s) => s.setLayer);
  const layers = model?.layers ?? [];
  return (
    <section className="panel explain-panel" aria-label="Explanation">
      <ClassPicker classes={model?.descriptor.classes ?? []} value={classIndex} onChange={setClass} disabled={!model} />
      <MethodPicker value={method} onChange={setMethod} disabled={!model} />
      <LayerSlider
        layers={layers}
        index={layers.findIndex((l) => l.name === layer)}
        onIndex={(i) => layers[i] && setLayer(layers[i].name)}
        disabled={!model}
      />
    </section>
  );
}
