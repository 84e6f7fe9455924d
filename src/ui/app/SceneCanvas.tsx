// The scene: the image at its own resolution with the segmentation, heatmap and outline of M
// drawn over it (useSceneDrawing), the tools that edit M (useMaskTools), the hover readout,
// and drag-and-drop of images. Data attributes expose what is drawn to the browser tests.
import { useState, type DragEvent, type RefObject } from 'react';
import { useAppStore, currentFenceReason, currentLayerExplanation } from '../../state/store';
import { maskSize } from '../../mask/mask';
import { upsampledCam } from '../../imaging/upsampleMap';
import { useMaskTools } from '../hooks/useMaskTools';
import type { GridPixel } from '../../imaging/geometry';
import { useSceneDrawing } from '../hooks/useSceneDrawing';
import { HoverReadout, type HoverInfo } from '../components/HoverReadout';
import { EmptyHeatmapNotice } from '../components/EmptyHeatmapNotice';
import { FencedMapNotice } from '../components/FencedMapNotice';
import { EvidenceOverlay } from '../components/EvidenceOverlay';
import { useEvidence, useEvidenceOverlay } from '../hooks/useEvidence';

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

function useHoverInfo(hover: GridPixel | null): HoverInfo | null {
  const model = useAppStore((s) => s.model);
  const segmentation = useAppStore((s) => s.segmentation);
  const showHeatmap = useAppStore((s) => s.view.showHeatmap);
  const layerExplanation = useAppStore(currentLayerExplanation);
  if (!hover || !segmentation || !model) return null;
  const output = model.outputSize;
  const index = hover.row * output.width + hover.col;
  const label = segmentation.labels[index];
  const info = model.descriptor.classes[label];
  let heat: number | null = null;
  if (layerExplanation && showHeatmap) {
    const { height, width } = model.inputSize;
    const row = Math.min(height - 1, Math.floor(((hover.row + 0.5) * height) / output.height));
    const col = Math.min(width - 1, Math.floor(((hover.col + 0.5) * width) / output.width));
    heat = upsampledCam(layerExplanation, model.inputSize)[row * width + col];
  }
  return { ...hover, className: info?.name ?? `class ${label}`, color: info?.color ?? [0, 0, 0], probability: segmentation.probability[index], heat };
}

export interface SceneCanvasProps {
  canvasRef: RefObject<HTMLCanvasElement | null>;
  onDropImage(blob: Blob, name: string): void;
}

export function SceneCanvas({ canvasRef, onDropImage }: SceneCanvasProps): React.JSX.Element {
  const image = useAppStore((s) => s.image);
  const ready = useAppStore((s) => Boolean(s.model && s.segmentation && s.fit));
  const showHeatmap = useAppStore((s) => s.view.showHeatmap);
  const tool = useAppStore((s) => s.tool);
  const pendingInput = useAppStore((s) => s.pendingInput?.kind ?? '');
  const backend = useAppStore((s) => s.backend);
  const computeCount = useAppStore((s) => s.computeCount);
  const explainedSize = useAppStore((s) => s.explanation?.input ?? null);
  const layerExplanation = useAppStore(currentLayerExplanation);
  const nonEmptyLayers = useAppStore((s) => s.explanation?.layers.filter((l) => l.camMax > 0).length ?? 0);
  const fenceReason = useAppStore(currentFenceReason);
  const [dragOver, setDragOver] = useState(false);
  const tools = useMaskTools(canvasRef);
  useSceneDrawing(canvasRef, tools.shownMask, tools.cursor);
  const hoverInfo = useHoverInfo(tools.hover);
  const evidence = useEvidence();
  const evidenceShown = useEvidenceOverlay((s) => s.shown);

  function onDrop(event: DragEvent<HTMLDivElement>): void {
    event.preventDefault();
    setDragOver(false);
    const file = Array.from(event.dataTransfer.files).find((f) => f.type.startsWith('image/'));
    if (file) onDropImage(file, file.name);
  }

  return (
    <>
      <div
        className={dragOver ? 'scene-frame is-dragover' : 'scene-frame'}
        style={{ width: '100%' }}
        onDragOver={(e) => {
          e.preventDefault();
          setDragOver(true);
        }}
        onDragLeave={() => setDragOver(false)}
        onDrop={onDrop}
      >
        <canvas
          ref={canvasRef}
          role="application"
          aria-label="Scene"
          aria-describedby="scene-help"
          tabIndex={0}
          width={image?.width ?? 512}
          height={image?.height ?? 256}
          className={`scene-canvas tool-${tool}`}
          style={{ width: '100%' }}
          data-ready={ready ? 'true' : 'false'}
          data-pending-input={pendingInput}
          data-backend={backend?.backend ?? ''}
          data-compute-count={computeCount}
          data-mask-size={tools.shownMask ? maskSize(tools.shownMask) : 0}
          data-layer={layerExplanation?.layer ?? ''}
          data-heatmap-max={layerExplanation ? layerExplanation.camMax : ''}
          data-heatmap-sum={layerExplanation && explainedSize ? sum(upsampledCam(layerExplanation, explainedSize)) : ''}
          data-nonempty-layers={nonEmptyLayers}
          data-fenced={fenceReason ? 'true' : 'false'}
          {...tools.handlers}
        />
        {evidence && evidenceShown && <EvidenceOverlay evidence={evidence} />}
      </div>
      <HoverReadout hover={hoverInfo} />
      {layerExplanation && showHeatmap && fenceReason && <FencedMapNotice layer={layerExplanation.layer} reason={fenceReason} />}
      {layerExplanation && showHeatmap && !fenceReason && !(layerExplanation.camMax > 0) && (
        <EmptyHeatmapNotice layer={layerExplanation.layer} rawMax={layerExplanation.rawMax} />
      )}
      <p id="scene-help" className="hint">
        Click: M = that pixel (Shift adds). Arrows move a pixel cursor, Enter selects. [ and ] step the layer. Drop or paste an image here.
      </p>
    </>
  );
}
