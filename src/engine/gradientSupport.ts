import * as tf from '@tensorflow/tfjs-core';

/** Rows [top, bottom) and columns [left, right) of a [1,h,w,c] tensor that hold all its nonzero values. */
export interface Support {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** What is read of tfjs-backend-wasm's BackendWasm: a view of a tensor's data in its heap. */
interface WasmHeap {
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/**
 * A tensor's values without copying them: tfjs-cpu's readSync returns its own array, and
 * tfjs-wasm's a copy of the heap, so wasm is read in place. Undefined on other backends: on
 * webgl a read stalls the GPU pipeline, which costs more than the work it could save.
 */
function valuesInPlace(t: tf.Tensor): Float32Array | undefined {
  const backend = tf.getBackend();
  if (backend === 'cpu') return t.dataSync() as Float32Array;
  if (backend === 'wasm') return (tf.backend() as unknown as WasmHeap).typedArrayFromHeap(t);
  return undefined;
}

/**
 * Where a gradient [1,h,w,c] is nonzero: null when it is zero everywhere, undefined when the
 * backend cannot tell cheaply. A click's gradient starts at one pixel and widens layer by layer,
 * so near the output most of it is zero. When it is nonzero everywhere the scan stops within a
 * pixel per row.
 */
export function gradientSupport(dy: tf.Tensor4D): Support | null | undefined {
  const values = dy.dtype === 'float32' ? valuesInPlace(dy) : undefined;
  if (!values) return undefined;
  const [, height, width, channels] = dy.shape;
  // Bits, not floats: −0 reads as nonzero, which only makes the box larger than it must be.
  return nonzeroSupport(new Uint32Array(values.buffer, values.byteOffset, values.length), height, width, channels);
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
