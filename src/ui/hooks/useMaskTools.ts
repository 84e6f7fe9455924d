// The pointer and keyboard tools that edit M on the scene canvas: Pixel (click replaces,
// Shift-click adds), Brush and Eraser (a stroke is one edit), Object, and a keyboard pixel
// cursor (arrows move it, Enter applies the tool there).
import { useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';
import { useAppStore } from '../../state/store';
import { paintStroke } from '../../mask/brush';
import { emptyMask, objectMask, pixelMask, withPixel, type Mask } from '../../mask/mask';
import { withinImage } from '../../mask/imageArea';
import { outputPixelAt } from '../../imaging/outputGrid';
import type { ImagePoint } from '../../state/pendingInput';
import type { GridPixel, Size } from '../../imaging/geometry';

export { outputPixelAt };

interface Stroke {
  mask: Mask;
  last: GridPixel;
  /** The first painted pixel when the stroke starts a new M (it then sets the class). */
  anchor: GridPixel | undefined;
}

export interface MaskTools {
  /** M as it should be drawn now: a stroke in progress, else the store's M. */
  shownMask: Mask | null;
  cursor: GridPixel | null;
  hover: GridPixel | null;
  handlers: {
    onPointerDown(event: PointerEvent<HTMLCanvasElement>): void;
    onPointerMove(event: PointerEvent<HTMLCanvasElement>): void;
    onPointerUp(): void;
    onPointerCancel(): void;
    onPointerLeave(): void;
    onKeyDown(event: KeyboardEvent<HTMLCanvasElement>): void;
    onBlur(): void;
  };
}

const ARROWS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

export function useMaskTools(canvasRef: RefObject<HTMLCanvasElement | null>): MaskTools {
  const fit = useAppStore((s) => s.fit);
  const output = useAppStore((s) => s.model?.outputSize ?? null);
  const segmentation = useAppStore((s) => s.segmentation);
  const mask = useAppStore((s) => s.mask);
  const tool = useAppStore((s) => s.tool);
  const brushSize = useAppStore((s) => s.brushSize);
  const setMask = useAppStore((s) => s.setMask);
  const queueInput = useAppStore((s) => s.queueInput);
  // A stroke begun before the model is ready: image points, queued when it ends.
  const [earlyStroke, setEarlyStroke] = useState<ImagePoint[] | null>(null);
  const [stroke, setStroke] = useState<Stroke | null>(null);
  const [cursor, setCursor] = useState<GridPixel | null>(null);
  const [hover, setHover] = useState<GridPixel | null>(null);

  const ready = Boolean(fit && output && segmentation);
  const painting = tool === 'brush' || tool === 'eraser';
  const paintValue = tool === 'eraser' ? 0 : 1;
  const storedMask = mask && output && mask.height === output.height && mask.width === output.width ? mask : null;

  function imagePointOf(event: PointerEvent<HTMLCanvasElement>): ImagePoint | null {
    const canvas = canvasRef.current;
    if (!canvas) return null;
    const rect = canvas.getBoundingClientRect();
    return {
      x: ((event.clientX - rect.left) * canvas.width) / rect.width,
      y: ((event.clientY - rect.top) * canvas.height) / rect.height,
      on: { height: canvas.height, width: canvas.width },
    };
  }

  function pixelOf(event: PointerEvent<HTMLCanvasElement>): GridPixel | null {
    const at = imagePointOf(event);
    if (!at || !fit || !output) return null;
    return outputPixelAt(fit, output, at.x, at.y);
  }

  /** Before the model is ready: the input is kept and explained once it is (pendingInput.ts). */
  function queueEarly(event: PointerEvent<HTMLCanvasElement>): void {
    // Even before the scene is drawn: the point is rescaled to the image when it arrives.
    const at = imagePointOf(event);
    if (!at) return;
    if (painting) {
      event.currentTarget.setPointerCapture(event.pointerId);
      setEarlyStroke([at]);
    } else {
      queueInput({ kind: 'point', at, tool: tool === 'object' ? 'object' : 'pixel', add: event.shiftKey });
    }
  }

  /** A click (or Enter) with the pixel or object tool. */
  function select(pixel: GridPixel, add: boolean): void {
    if (!output || !segmentation) return;
    const index = pixel.row * output.width + pixel.col;
    if (tool === 'object') setMask(withinImage(objectMask(segmentation, pixel), fit), index);
    else if (add && storedMask) setMask(withPixel(storedMask, pixel));
    else setMask(pixelMask(output, pixel), index);
  }

  function startStroke(pixel: GridPixel, size: Size): Stroke {
    const painted = storedMask ? { ...storedMask, bits: storedMask.bits.slice() } : emptyMask(size);
    paintStroke(painted, pixel, pixel, brushSize, paintValue);
    return { mask: painted, last: pixel, anchor: storedMask ? undefined : pixel };
  }

  function finishStroke(done: Stroke, size: Size): void {
    setMask(done.mask, done.anchor ? done.anchor.row * size.width + done.anchor.col : undefined);
  }

  function endStroke(): void {
    if (stroke && output) finishStroke(stroke, output);
    setStroke(null);
    if (earlyStroke) queueInput({ kind: 'stroke', points: earlyStroke, erase: tool === 'eraser', brushSize });
    setEarlyStroke(null);
  }

  return {
    shownMask: stroke?.mask ?? storedMask,
    cursor,
    hover,
    handlers: {
      onPointerDown(event) {
        if (event.button !== 0) return;
        if (!ready) {
          queueEarly(event);
          return;
        }
        const pixel = pixelOf(event);
        if (!pixel || !output) return;
        setCursor(null);
        if (painting) {
          event.currentTarget.setPointerCapture(event.pointerId);
          setStroke(startStroke(pixel, output));
        } else {
          select(pixel, event.shiftKey);
        }
      },
      onPointerMove(event) {
        if (earlyStroke) {
          const at = imagePointOf(event);
          if (at) setEarlyStroke([...earlyStroke, at]);
          return;
        }
        const pixel = pixelOf(event);
        setHover(pixel);
        if (!pixel || !stroke || !output) return;
        const painted = { ...stroke.mask, bits: stroke.mask.bits.slice() };
        paintStroke(painted, stroke.last, pixel, brushSize, paintValue);
        setStroke({ ...stroke, mask: painted, last: pixel });
      },
      onPointerUp: endStroke,
      onPointerCancel: endStroke,
      onPointerLeave: () => setHover(null),
      onKeyDown(event) {
        if (!output || !ready) return;
        const here = cursor ?? { row: Math.floor(output.height / 2), col: Math.floor(output.width / 2) };
        const arrow = ARROWS[event.key];
        if (arrow) {
          event.preventDefault();
          const step = event.shiftKey ? 8 : 1;
          const next = {
            row: Math.min(output.height - 1, Math.max(0, here.row + arrow[0] * step)),
            col: Math.min(output.width - 1, Math.max(0, here.col + arrow[1] * step)),
          };
          setCursor(next);
          setHover(next);
        } else if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          setCursor(here);
          if (painting) finishStroke(startStroke(here, output), output);
          else select(here, event.shiftKey);
        }
      },
      onBlur: () => setCursor(null),
    },
  };
}
