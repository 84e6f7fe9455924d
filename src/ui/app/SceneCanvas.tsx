// The scene: the image at its own resolution with the segmentation, heatmap and outline of M
// drawn over it, plus the pointer and keyboard tools that edit M.
import { useEffect, useMemo, useState, type DragEvent, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { useAppStore, currentLayerExplanation } from '../../state/store';
import { paintStroke } from '../../state/brush';
import { componentMask, maskSize, pixelMask } from '../../engine/masks';
import { contentRectOnGrid, modelPixelAt, type FitMapping } from '../lib/fitImage';
import { heatmapImage, outlineImage, segmentationImage } from '../lib/heatmapImage';
import { rgbaCanvas } from './overlayCanvas';
import { HoverReadout, type HoverInfo } from '../components/HoverReadout';
import { EmptyHeatmapNotice } from '../components/EmptyHeatmapNotice';

interface Pixel {
  row: number;
  col: number;
}

const OUTLINE_COLOR: [number, number, number] = [255, 255, 255];
const SEGMENTATION_OPACITY = 0.55;

function outputPixelAt(fit: FitMapping, output: { height: number; width: number }, x: number, y: number): Pixel | null {
  const p = modelPixelAt(fit, x, y);
  if (!p) return null;
  return {
    row: Math.min(output.height - 1, Math.floor(((p.row + 0.5) * output.height) / fit.model.height)),
    col: Math.min(output.width - 1, Math.floor(((p.col + 0.5) * output.width) / fit.model.width)),
  };
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

export interface SceneCanvasProps {
  canvasRef: RefObject<HTMLCanvasElement | null>;
  onDropImage(blob: Blob, name: string): void;
}

export function SceneCanvas({ canvasRef, onDropImage }: SceneCanvasProps): React.JSX.Element {
  const image = useAppStore((s) => s.image);
  const fit = useAppStore((s) => s.fit);
  const model = useAppStore((s) => s.model);
  const segmentation = useAppStore((s) => s.segmentation);
  const mask = useAppStore((s) => s.mask);
  const view = useAppStore((s) => s.view);
  const tool = useAppStore((s) => s.tool);
  const brushSize = useAppStore((s) => s.brushSize);
  const backend = useAppStore((s) => s.backend);
  const computeCount = useAppStore((s) => s.computeCount);
  const layerExplanation = useAppStore(currentLayerExplanation);
  const setMask = useAppStore((s) => s.setMask);
  const nonEmptyLayers = useAppStore((s) => s.explanation?.layers.filter((l) => l.camMax > 0).length ?? 0);

  const [dragOver, setDragOver] = useState(false);
  const [stroke, setStroke] = useState<{ bits: Uint8Array; last: Pixel; anchor: Pixel | undefined } | null>(null);
  const [cursor, setCursor] = useState<Pixel | null>(null);
  const [hover, setHover] = useState<Pixel | null>(null);

  const output = model?.outputSize ?? null;
  // Only draw a mask that matches the current output size (a stroke in progress wins).
  const shownMask = stroke?.bits ?? (mask && output && mask.bits.length === output.height * output.width ? mask.bits : null);

  const imageLayer = useMemo(() => (image ? rgbaCanvas(image.rgba, image.width, image.height) : null), [image]);
  const segmentationLayer = useMemo(() => {
    if (!segmentation || !model) return null;
    const palette = model.descriptor.classes.map((c) => c.color);
    return rgbaCanvas(segmentationImage(segmentation.labels, palette, SEGMENTATION_OPACITY), segmentation.width, segmentation.height);
  }, [segmentation, model]);
  const heatmapLayer = useMemo(() => {
    if (!layerExplanation || !model) return null;
    const { height, width } = model.inputSize;
    const style = { colormap: view.colormap, opacity: view.opacity, max: layerExplanation.camMax };
    return rgbaCanvas(heatmapImage(layerExplanation.upsampled, style), width, height);
  }, [layerExplanation, model, view.colormap, view.opacity]);
  const outlineLayer = useMemo(() => {
    if (!shownMask || !output) return null;
    return rgbaCanvas(outlineImage(shownMask, output.width, output.height, OUTLINE_COLOR), output.width, output.height);
  }, [shownMask, output]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context || !image || !imageLayer) return;
    context.imageSmoothingEnabled = false;
    context.drawImage(imageLayer, 0, 0);
    if (!fit || fit.image.width !== image.width || fit.image.height !== image.height) return;
    const drawGrid = (layer: HTMLCanvasElement, smooth: boolean): void => {
      const source = contentRectOnGrid(fit, { height: layer.height, width: layer.width });
      context.imageSmoothingEnabled = smooth;
      context.drawImage(layer, source.x, source.y, source.width, source.height, 0, 0, image.width, image.height);
    };
    if (view.showSegmentation && segmentationLayer) drawGrid(segmentationLayer, false);
    if (view.showHeatmap && heatmapLayer) drawGrid(heatmapLayer, true);
    if (outlineLayer) drawGrid(outlineLayer, false);
    if (cursor && output) {
      const source = contentRectOnGrid(fit, output);
      const sx = image.width / source.width;
      const sy = image.height / source.height;
      context.strokeStyle = '#ffeb3b';
      context.lineWidth = 2;
      context.strokeRect((cursor.col - source.x) * sx - 2, (cursor.row - source.y) * sy - 2, sx + 4, sy + 4);
    }
  }, [canvasRef, image, imageLayer, fit, view.showSegmentation, view.showHeatmap, segmentationLayer, heatmapLayer, outlineLayer, cursor, output]);

  const ready = Boolean(model && segmentation && fit && output);

  function pixelOf(event: PointerEvent<HTMLCanvasElement>): Pixel | null {
    const canvas = canvasRef.current;
    if (!canvas || !fit || !output) return null;
    const rect = canvas.getBoundingClientRect();
    const x = ((event.clientX - rect.left) * canvas.width) / rect.width;
    const y = ((event.clientY - rect.top) * canvas.height) / rect.height;
    return outputPixelAt(fit, output, x, y);
  }

  /** A click (or Enter) with the pixel or object tool. */
  function select(pixel: Pixel, add: boolean): void {
    if (!output || !segmentation) return;
    const { height, width } = output;
    const index = pixel.row * width + pixel.col;
    if (tool === 'object') {
      setMask(componentMask(segmentation.labels, height, width, pixel.row, pixel.col), index);
    } else if (add && mask) {
      const bits = mask.bits.slice();
      bits[index] = 1;
      setMask(bits);
    } else {
      setMask(pixelMask(height, width, pixel.row, pixel.col), index);
    }
  }

  function startStroke(pixel: Pixel): { bits: Uint8Array; last: Pixel; anchor: Pixel | undefined } | null {
    if (!output) return null;
    const bits = mask ? mask.bits.slice() : new Uint8Array(output.height * output.width);
    paintStroke(bits, output.height, output.width, pixel, pixel, brushSize, tool === 'eraser' ? 0 : 1);
    // The class follows the first painted pixel only when the stroke starts a new M.
    return { bits, last: pixel, anchor: mask ? undefined : pixel };
  }

  function finishStroke(done: { bits: Uint8Array; anchor: Pixel | undefined }): void {
    if (!output) return;
    setMask(done.bits, done.anchor ? done.anchor.row * output.width + done.anchor.col : undefined);
  }

  function onPointerDown(event: PointerEvent<HTMLCanvasElement>): void {
    const pixel = pixelOf(event);
    if (!pixel || !ready || event.button !== 0) return;
    setCursor(null);
    if (tool === 'brush' || tool === 'eraser') {
      event.currentTarget.setPointerCapture(event.pointerId);
      setStroke(startStroke(pixel));
    } else {
      select(pixel, event.shiftKey);
    }
  }

  function onPointerMove(event: PointerEvent<HTMLCanvasElement>): void {
    const pixel = pixelOf(event);
    setHover(pixel);
    if (!pixel || !stroke || !output) return;
    const bits = stroke.bits.slice();
    paintStroke(bits, output.height, output.width, stroke.last, pixel, brushSize, tool === 'eraser' ? 0 : 1);
    setStroke({ ...stroke, bits, last: pixel });
  }

  function onPointerUp(): void {
    if (!stroke) return;
    finishStroke(stroke);
    setStroke(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLCanvasElement>): void {
    if (!output || !ready) return;
    const step = event.shiftKey ? 8 : 1;
    const moves: Record<string, [number, number]> = { ArrowUp: [-step, 0], ArrowDown: [step, 0], ArrowLeft: [0, -step], ArrowRight: [0, step] };
    const move = moves[event.key];
    const here = cursor ?? { row: Math.floor(output.height / 2), col: Math.floor(output.width / 2) };
    if (move) {
      event.preventDefault();
      const next = {
        row: Math.min(output.height - 1, Math.max(0, here.row + move[0])),
        col: Math.min(output.width - 1, Math.max(0, here.col + move[1])),
      };
      setCursor(next);
      setHover(next);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      setCursor(here);
      if (tool === 'brush' || tool === 'eraser') {
        const dab = startStroke(here);
        if (dab) finishStroke(dab);
      } else {
        select(here, event.shiftKey);
      }
    }
  }

  const hoverInfo = ((): HoverInfo | null => {
    if (!hover || !segmentation || !model || !output || !fit) return null;
    const index = hover.row * output.width + hover.col;
    const label = segmentation.labels[index];
    const info = model.descriptor.classes[label];
    let heat: number | null = null;
    if (layerExplanation && view.showHeatmap) {
      const { height, width } = model.inputSize;
      const row = Math.min(height - 1, Math.floor(((hover.row + 0.5) * height) / output.height));
      const col = Math.min(width - 1, Math.floor(((hover.col + 0.5) * width) / output.width));
      heat = layerExplanation.upsampled[row * width + col];
    }
    return { row: hover.row, col: hover.col, className: info?.name ?? `class ${label}`, color: info?.color ?? [0, 0, 0], probability: segmentation.probability[index], heat };
  })();

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
        data-backend={backend?.backend ?? ''}
        data-compute-count={computeCount}
        data-mask-size={shownMask ? maskSize(shownMask) : 0}
        data-layer={layerExplanation?.layer ?? ''}
        data-heatmap-max={layerExplanation ? layerExplanation.camMax : ''}
        data-heatmap-sum={layerExplanation ? sum(layerExplanation.upsampled) : ''}
        data-nonempty-layers={nonEmptyLayers}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onPointerLeave={() => setHover(null)}
        onKeyDown={onKeyDown}
        onBlur={() => setCursor(null)}
      />
      </div>
      <HoverReadout hover={hoverInfo} />
      {layerExplanation && view.showHeatmap && !(layerExplanation.camMax > 0) && (
        <EmptyHeatmapNotice layer={layerExplanation.layer} rawMax={layerExplanation.rawMax} />
      )}
      <p id="scene-help" className="hint">
        Click: M = that pixel (Shift adds). Arrows move a pixel cursor, Enter selects. [ and ] step the layer. Drop or paste an image here.
      </p>
    </>
  );
}
