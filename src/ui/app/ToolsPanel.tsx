// Container: the mask tools, class and method, connected to the store.
import { Toolbar } from '../components/Toolbar';
import { ClassPicker } from '../components/ClassPicker';
import { MethodPicker } from '../components/MethodPicker';
import { useAppStore } from '../../state/store';
import { classMask, maskSize, wholeImageMask } from '../../engine/masks';

export function ToolsPanel(): React.JSX.Element {
  const s = useAppStore();
  const output = s.model?.outputSize;
  const ready = Boolean(s.model && s.segmentation);
  const size = s.mask ? maskSize(s.mask.bits) : 0;
  return (
    <section className="panel tools-panel" aria-label="What to explain">
      <Toolbar
        tool={s.tool}
        onTool={s.setTool}
        canUndo={s.history.past.length > 0}
        canRedo={s.history.future.length > 0}
        onUndo={s.undo}
        onRedo={s.redo}
        brushSize={s.brushSize}
        onBrushSize={s.setBrushSize}
        maskSize={size}
        onClear={() => s.setMask(null)}
        onWholeClass={() => {
          if (!s.segmentation) return;
          if (s.classIndex === null) {
            s.setError('Choose a class first: Whole class selects every pixel predicted as that class.');
            return;
          }
          s.setMask(classMask(s.segmentation.labels, s.classIndex));
        }}
        onWholeImage={() => output && s.setMask(wholeImageMask(output.height, output.width))}
        disabled={!ready}
      />
      <ClassPicker classes={s.model?.descriptor.classes ?? []} value={s.classIndex} onChange={s.setClass} disabled={!s.model} />
      <MethodPicker value={s.method} onChange={s.setMethod} disabled={!s.model} />
    </section>
  );
}
