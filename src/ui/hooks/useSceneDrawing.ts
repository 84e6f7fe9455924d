// Draws the scene canvas: the image at its own resolution, then the overlays that live on the
// model's grids (segmentation, heatmap, outline of M, keyboard cursor) stretched over the part of
// the image the model sees (FitMapping.visible; with 'crop' the rest is dimmed).
import { useEffect, useMemo, type RefObject } from 'react';
import { currentFenceReason, currentLayerExplanation, useAppStore } from '../../state/store';
import { contentRectOnGrid, gridCellOnImage } from '../../imaging/fitImage';
import { heatmapImage, outlineImage, segmentationImage } from '../lib/heatmapImage';
import { rgbaCanvas } from '../app/overlayCanvas';
import { upsampledCam } from '../../imaging/upsampleMap';
import type { GridPixel } from '../../imaging/geometry';
import type { Mask } from '../../mask/mask';

const OUTLINE_COLOR: [number, number, number] = [255, 255, 255];
const CURSOR_COLOR = '#ffeb3b';
const SEGMENTATION_OPACITY = 0.55;
/** Over the parts of the image that a crop hides from the model. */
const CROPPED_SHADE = 'rgba(0, 0, 0, 0.6)';

export function useSceneDrawing(canvasRef: RefObject<HTMLCanvasElement | null>, shownMask: Mask | null, cursor: GridPixel | null): void {
  const image = useAppStore((s) => s.image);
  const fit = useAppStore((s) => s.fit);
  const model = useAppStore((s) => s.model);
  const segmentation = useAppStore((s) => s.segmentation);
  const view = useAppStore((s) => s.view);
  const layerExplanation = useAppStore(currentLayerExplanation);
  // A fenced map (M or the class score by construction) is not drawn as if it were evidence.
  const fenced = useAppStore((s) => currentFenceReason(s) !== null);
  const output = model?.outputSize ?? null;

  const imageLayer = useMemo(() => (image ? rgbaCanvas(image.rgba, image.height, image.width) : null), [image]);
  const segmentationLayer = useMemo(() => {
    if (!segmentation || !model) return null;
    const palette = model.descriptor.classes.map((c) => c.color);
    return rgbaCanvas(segmentationImage(segmentation.labels, palette, SEGMENTATION_OPACITY), segmentation.height, segmentation.width);
  }, [segmentation, model]);
  const heatmapLayer = useMemo(() => {
    if (!layerExplanation || !model || fenced) return null;
    const { height, width } = model.inputSize;
    const style = { colormap: view.colormap, opacity: view.opacity, max: layerExplanation.camMax };
    return rgbaCanvas(heatmapImage(upsampledCam(layerExplanation, model.inputSize), style), height, width);
  }, [layerExplanation, model, fenced, view.colormap, view.opacity]);
  const outlineLayer = useMemo(() => {
    if (!shownMask) return null;
    return rgbaCanvas(outlineImage(shownMask, OUTLINE_COLOR), shownMask.height, shownMask.width);
  }, [shownMask]);

  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context || !image || !imageLayer) return;
    context.imageSmoothingEnabled = false;
    context.drawImage(imageLayer, 0, 0);
    if (!fit || fit.image.width !== image.width || fit.image.height !== image.height) return;
    const { visible } = fit;
    // A map on a grid spanning the model input: its content rectangle covers the visible image.
    const drawGrid = (layer: HTMLCanvasElement, smooth: boolean): void => {
      const source = contentRectOnGrid(fit, { height: layer.height, width: layer.width });
      context.imageSmoothingEnabled = smooth;
      context.drawImage(layer, source.x, source.y, source.width, source.height, visible.x, visible.y, visible.width, visible.height);
    };
    if (view.showSegmentation && segmentationLayer) drawGrid(segmentationLayer, false);
    if (view.showHeatmap && heatmapLayer) drawGrid(heatmapLayer, true);
    if (outlineLayer) drawGrid(outlineLayer, false);
    context.fillStyle = CROPPED_SHADE;
    context.fillRect(0, 0, visible.x, image.height);
    context.fillRect(visible.x + visible.width, 0, image.width - visible.x - visible.width, image.height);
    context.fillRect(visible.x, 0, visible.width, visible.y);
    context.fillRect(visible.x, visible.y + visible.height, visible.width, image.height - visible.y - visible.height);
    if (cursor && output) {
      const cell = gridCellOnImage(fit, output, cursor.row, cursor.col);
      context.strokeStyle = CURSOR_COLOR;
      context.lineWidth = 2;
      context.strokeRect(cell.x - 2, cell.y - 2, cell.width + 4, cell.height + 4);
    }
  }, [canvasRef, image, imageLayer, fit, view.showSegmentation, view.showHeatmap, segmentationLayer, heatmapLayer, outlineLayer, cursor, output]);
}
