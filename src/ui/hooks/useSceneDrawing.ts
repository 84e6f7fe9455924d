// Draws the scene canvas: the image at its own resolution, then the overlays that live on the
// model's grids (segmentation, heatmap, outline of M, keyboard cursor) stretched over it.
import { useEffect, useMemo, type RefObject } from 'react';
import { currentLayerExplanation, useAppStore } from '../../state/store';
import { contentRectOnGrid } from '../lib/fitImage';
import { heatmapImage, outlineImage, segmentationImage } from '../lib/heatmapImage';
import { rgbaCanvas } from '../app/overlayCanvas';
import type { Pixel } from './useMaskTools';

const OUTLINE_COLOR: [number, number, number] = [255, 255, 255];
const CURSOR_COLOR = '#ffeb3b';
const SEGMENTATION_OPACITY = 0.55;

export function useSceneDrawing(canvasRef: RefObject<HTMLCanvasElement | null>, shownMask: Uint8Array | null, cursor: Pixel | null): void {
  const image = useAppStore((s) => s.image);
  const fit = useAppStore((s) => s.fit);
  const model = useAppStore((s) => s.model);
  const segmentation = useAppStore((s) => s.segmentation);
  const view = useAppStore((s) => s.view);
  const layerExplanation = useAppStore(currentLayerExplanation);
  const output = model?.outputSize ?? null;

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
    const context = canvasRef.current?.getContext('2d');
    if (!context || !image || !imageLayer) return;
    context.imageSmoothingEnabled = false;
    context.drawImage(imageLayer, 0, 0);
    if (!fit || fit.image.width !== image.width || fit.image.height !== image.height) return;
    // A map on a grid spanning the model input: its content rectangle covers the whole image.
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
      context.strokeStyle = CURSOR_COLOR;
      context.lineWidth = 2;
      context.strokeRect((cursor.col - source.x) * sx - 2, (cursor.row - source.y) * sy - 2, sx + 4, sy + 4);
    }
  }, [canvasRef, image, imageLayer, fit, view.showSegmentation, view.showHeatmap, segmentationLayer, heatmapLayer, outlineLayer, cursor, output]);
}
