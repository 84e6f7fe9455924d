// Container: the tools that build M, connected to the store.
import { Toolbar } from '../components/Toolbar';
import { useAppStore } from '../../state/store';
import { classMask, maskSize } from '../../mask/mask';
import { imageAreaMask, withinImage } from '../../mask/imageArea';

export function ToolsPanel(): React.JSX.Element {
  const s = useAppStore();
  const output = s.model?.outputSize;
  const ready = Boolean(s.model && s.segmentation && s.fit);
  return (
    <section className="panel tools-panel" aria-label="Mask tools">
      <Toolbar
        tool={s.tool}
        onTool={s.setTool}
        canUndo={s.history.past.length > 0}
        canRedo={s.history.future.length > 0}
        onUndo={s.undo}
        onRedo={s.redo}
        brushSize={s.brushSize}
        onBrushSize={s.setBrushSize}
        maskSize={s.mask ? maskSize(s.mask) : 0}
        onClear={() => s.setMask(null)}
        onWholeClass={() => {
          if (!ready || !s.segmentation) {
            s.setError('Whole class needs the predicted classes: it works once the model is ready.');
            return;
          }
          if (s.classIndex === null) {
            s.setError('Choose a class first: Whole class selects every pixel predicted as that class.');
            return;
          }
          s.setMask(withinImage(classMask(s.segmentation, s.classIndex), s.fit));
        }}
        onWholeImage={() => (ready && s.fit && output ? s.setMask(imageAreaMask(s.fit, output)) : s.queueInput({ kind: 'whole-image' }))}
        disabled={!s.image}
      />
    </section>
  );
}
