// Container: view options, α, legend — the right-hand column below the explanation controls.
import { ViewOptions } from '../components/ViewOptions';
import { AlphaPanel } from '../components/AlphaPanel';
import { Legend } from '../components/Legend';
import { currentLayerExplanation, useAppStore } from '../../state/store';

export function ViewPanel(): React.JSX.Element {
  const view = useAppStore((s) => s.view);
  const setViewOptions = useAppStore((s) => s.setViewOptions);
  return (
    <section className="panel view-panel" aria-label="View">
      <ViewOptions {...view} onChange={setViewOptions} />
    </section>
  );
}

export function AlphaContainer({ onExport }: { onExport(): void }): React.JSX.Element {
  const current = useAppStore(currentLayerExplanation);
  const explanation = useAppStore((s) => s.explanation);
  const model = useAppStore((s) => s.model);
  const pinned = useAppStore((s) => s.pinned);
  const pinAlpha = useAppStore((s) => s.pinAlpha);
  const unpinAlpha = useAppStore((s) => s.unpinAlpha);
  const className = (index: number): string => model?.descriptor.classes[index]?.name ?? `class ${index}`;
  return (
    <section className="panel" aria-label="α">
      <AlphaPanel
        alpha={current?.alpha ?? null}
        context={current && explanation ? { layer: current.layer, className: className(explanation.classIndex), maskSize: explanation.maskSize } : null}
        pinned={pinned ? { alpha: pinned.alpha, context: { layer: pinned.layer, className: className(pinned.classIndex), maskSize: pinned.maskSize } } : null}
        onPin={pinAlpha}
        onUnpin={unpinAlpha}
        onExport={onExport}
      />
    </section>
  );
}

export function LegendContainer(): React.JSX.Element | null {
  const model = useAppStore((s) => s.model);
  const segmentation = useAppStore((s) => s.segmentation);
  const classIndex = useAppStore((s) => s.classIndex);
  const setClass = useAppStore((s) => s.setClass);
  if (!model) return null;
  return (
    <section className="panel">
      <Legend classes={model.descriptor.classes} labels={segmentation?.labels ?? null} current={classIndex} onSelect={setClass} />
    </section>
  );
}
