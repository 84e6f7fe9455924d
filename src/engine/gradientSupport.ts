import * as tf from '@tensorflow/tfjs-core';

/** Rows [top, bottom) and columns [left, right) of a [1,h,w,c] tensor that hold all its nonzero values. */
export interface Support {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Backends whose tensors can be read back synchronously for about the cost of a memory copy.
 * On webgl a read stalls the GPU pipeline, which costs more than the work it could save.
 */
const CHEAP_READ_BACKENDS = new Set(['cpu', 'wasm']);

/**
 * Where a gradient [1,h,w,c] is nonzero: null when it is zero everywhere, undefined when the
 * backend cannot tell cheaply. A click's gradient starts at one pixel and widens layer by layer,
 * so near the output most of it is zero.
 */
export function gradientSupport(dy: tf.Tensor4D): Support | null | undefined {
  if (!CHEAP_READ_BACKENDS.has(tf.getBackend()) || dy.dtype !== 'float32') return undefined;
  const [, height, width, channels] = dy.shape;
  // Bits, not floats: −0 reads as nonzero, which only makes the box larger than it must be.
  const bits = new Uint32Array((dy.dataSync() as Float32Array).buffer);
  return nonzeroSupport(bits, height, width, channels);
}

/** The smallest box holding every nonzero element of an NHWC image (batch 1), or null. */
export function nonzeroSupport(bits: ArrayLike<number>, height: number, width: number, channels: number): Support | null {
  const rowLength = width * channels;
  const rowIsZero = (y: number): boolean => {
    for (let i = y * rowLength, end = i + rowLength; i < end; i++) if (bits[i] !== 0) return false;
    return true;
  };
  const pixelIsZero = (y: number, x: number): boolean => {
    for (let i = y * rowLength + x * channels, end = i + channels; i < end; i++) if (bits[i] !== 0) return false;
    return true;
  };
  let top = 0;
  while (top < height && rowIsZero(top)) top++;
  if (top === height) return null;
  let bottom = height;
  while (rowIsZero(bottom - 1)) bottom--;
  let left = width;
  let right = 0;
  for (let y = top; y < bottom; y++) {
    for (let x = 0; x < left; x++) {
      if (!pixelIsZero(y, x)) {
        left = x;
        break;
      }
    }
    for (let x = width - 1; x >= Math.max(right, left); x--) {
      if (!pixelIsZero(y, x)) {
        right = x + 1;
        break;
      }
    }
  }
  return { top, bottom, left, right };
}
