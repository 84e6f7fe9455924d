// Container: share the view as a link, and export what is on screen, the heatmap and α.
import { useState, type RefObject } from 'react';
import { ExportButtons } from '../components/ExportButtons';
import { currentLayerExplanation, shareableView, useAppStore } from '../../state/store';
import { serializeView } from '../../state/urlHash';
import { LOCAL_MODEL_PREFIX } from '../../state/view';
import { alphaJson, canvasPngBlob, downloadBlob, exportFileName, heatmapNpy, jsonBlob, npyBlob } from '../lib/exports';

function linkNote(source: { kind: string }, modelUrl: string): string | null {
  if (source.kind === 'local') return 'A locally opened image cannot travel in a link: the link holds the model, class, layer, method and mask; whoever opens it sees the default scene.';
  if (modelUrl.startsWith(LOCAL_MODEL_PREFIX)) return 'A model opened from local files cannot travel in a link.';
  return null;
}

/** The file-name parts that say what an export shows. */
function exportStem(): (string | number)[] {
  const s = useAppStore.getState();
  const className = s.explanation ? (s.model?.descriptor.classes[s.explanation.classIndex]?.name ?? s.explanation.classIndex) : 'none';
  const source = s.source.kind === 'scene' ? `scene${s.source.seed}` : 'image';
  return ['segcam', source, className, s.layer ?? '', s.method];
}

export function exportAlpha(): void {
  const s = useAppStore.getState();
  const current = currentLayerExplanation(s);
  if (!current || !s.explanation) return;
  const className = s.model?.descriptor.classes[s.explanation.classIndex]?.name ?? String(s.explanation.classIndex);
  const text = alphaJson({
    layer: current.layer,
    method: s.explanation.method,
    class: className,
    classIndex: s.explanation.classIndex,
    maskSize: s.explanation.maskSize,
    alpha: current.alpha,
  });
  downloadBlob(exportFileName([...exportStem(), 'alpha'], 'json'), jsonBlob(text));
}

export function ExportPanel({ sceneRef }: { sceneRef: RefObject<HTMLCanvasElement | null> }): React.JSX.Element {
  const source = useAppStore((s) => s.source);
  const modelUrl = useAppStore((s) => s.modelUrl);
  const current = useAppStore(currentLayerExplanation);
  const [feedback, setFeedback] = useState<string | null>(null);

  async function copyLink(): Promise<void> {
    const url = new URL(location.href);
    url.hash = serializeView(shareableView(useAppStore.getState()));
    try {
      await navigator.clipboard.writeText(url.href);
      setFeedback('Link copied.');
    } catch {
      setFeedback(`Copy this link: ${url.href}`);
    }
  }

  async function exportPng(): Promise<void> {
    const canvas = sceneRef.current;
    if (!canvas) return;
    try {
      downloadBlob(exportFileName(exportStem(), 'png'), await canvasPngBlob(canvas));
    } catch (error) {
      useAppStore.getState().setError(error instanceof Error ? error.message : String(error));
    }
  }

  function exportHeatmap(): void {
    if (!current) return;
    // As the CLI writes it: ReLU(Σ α A) at the layer's own resolution, not normalised.
    const [height, width] = current.shape;
    downloadBlob(exportFileName(exportStem(), 'npy'), npyBlob(heatmapNpy(current.cam, height, width)));
  }

  return (
    <section className="panel" aria-label="Share and export">
      <h2 className="panel-title">Share and export</h2>
      <ExportButtons
        onCopyLink={() => void copyLink()}
        onExportPng={() => void exportPng()}
        onExportHeatmap={exportHeatmap}
        canExportHeatmap={current !== null}
        linkNote={linkNote(source, modelUrl)}
        copyFeedback={feedback}
      />
    </section>
  );
}
