// Turns the CLI's --class and --pixel/--mask/--predicted/--all into a Target at output resolution.
import type { ModelDescriptor } from '../engine/types';
import { bitmapMask, classMask, maskSize, pixelMask, resizeMaskNearest, wholeImageMask, type Mask } from '../mask/mask';
import type { RgbImage } from '../files/image';
import type { Size } from '../imaging/geometry';
import { UsageError, type MaskSpec } from './args';

/** A class by name (case-insensitive) or by index, as the descriptor lists them. */
export function resolveClass(ref: string, classes: ModelDescriptor['classes']): number {
  if (/^\d+$/.test(ref.trim())) {
    const index = Number(ref);
    if (index >= classes.length) throw new UsageError(`--class ${index} is out of range: the model has ${classes.length} classes (0..${classes.length - 1})`);
    return index;
  }
  const wanted = ref.trim().toLowerCase();
  const index = classes.findIndex((c) => c.name.toLowerCase() === wanted);
  if (index < 0) throw new UsageError(`unknown --class "${ref}"; classes: ${classes.map((c) => c.name).join(', ')}`);
  return index;
}

/** A model-input pixel → the output pixel that covers it (outputs may be smaller than inputs). */
export function inputToOutputPixel(row: number, col: number, input: Size, output: Size): { row: number; col: number } {
  if (row >= input.height || col >= input.width) {
    throw new UsageError(`--pixel ${row},${col} is outside the model input ${input.height}×${input.width} (ROW < ${input.height}, COL < ${input.width})`);
  }
  return {
    row: Math.floor((row * output.height) / input.height),
    col: Math.floor((col * output.width) / input.width),
  };
}

/** A mask image: a pixel is in M when any of its R, G, B values is non-zero. */
export function maskFromImage(image: RgbImage, output: Size): Mask {
  const { width, height, rgb } = image;
  const grey = new Uint8Array(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = rgb[3 * i] | rgb[3 * i + 1] | rgb[3 * i + 2];
  return resizeMaskNearest(bitmapMask(grey, { height, width }), output);
}

export interface TargetInputs {
  spec: MaskSpec;
  classIndex: number;
  labels: Uint8Array;
  input: Size;
  output: Size;
  classNames: string[];
  readMask: (path: string) => RgbImage;
}

export function buildTargetMask({ spec, classIndex, labels, input, output, classNames, readMask }: TargetInputs): Mask {
  let mask: Mask;
  switch (spec.kind) {
    case 'pixel': {
      const p = inputToOutputPixel(spec.row, spec.col, input, output);
      mask = pixelMask(output, p);
      break;
    }
    case 'mask':
      mask = maskFromImage(readMask(spec.path), output);
      if (maskSize(mask) === 0) throw new UsageError(`--mask ${spec.path} has no non-zero pixel`);
      break;
    case 'predicted':
      mask = classMask({ ...output, labels }, classIndex);
      if (maskSize(mask) === 0) {
        throw new UsageError(`no pixel is predicted as "${classNames[classIndex]}" in this image, so --predicted is empty`);
      }
      break;
    case 'all':
      mask = wholeImageMask(output);
      break;
  }
  return mask;
}
