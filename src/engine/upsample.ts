import * as tf from '@tensorflow/tfjs-core';

// Resizing as interpolation matrices: out = R_h · X · R_wᵀ per channel. They match tfjs's
// resizeBilinear / resizeNearestNeighbor with alignCorners = halfPixelCenters = false (what
// UpSampling2D uses), and their transposes give a gradient that is right on every backend
// (tfjs-backend-cpu's ResizeBilinearGrad swaps H and W for non-square inputs).

export type Interpolation = 'nearest' | 'bilinear';

const matrixCache = new Map<string, Float32Array>();

/** Row-major [outSize, inSize] matrix mapping a 1-D signal of inSize samples to outSize. */
export function interpolationMatrix(
  inSize: number,
  outSize: number,
  interpolation: Interpolation,
  halfPixelCenters = false,
): Float32Array {
  const key = `${inSize}:${outSize}:${interpolation}:${halfPixelCenters}`;
  const cached = matrixCache.get(key);
  if (cached) return cached;
  const m = new Float32Array(outSize * inSize);
  const scale = inSize / outSize;
  for (let o = 0; o < outSize; o++) {
    if (interpolation === 'nearest') {
      const src = halfPixelCenters ? (o + 0.5) * scale : o * scale;
      m[o * inSize + Math.min(inSize - 1, Math.floor(src))] = 1;
      continue;
    }
    const src = halfPixelCenters ? Math.max(0, (o + 0.5) * scale - 0.5) : o * scale;
    const lo = Math.min(inSize - 1, Math.floor(src));
    const hi = Math.min(inSize - 1, lo + 1);
    const frac = src - Math.floor(src);
    m[o * inSize + lo] += 1 - frac;
    m[o * inSize + hi] += frac;
  }
  matrixCache.set(key, m);
  return m;
}

/** x [1,h,w,c] → R_h · x · R_wᵀ per channel; matrices given row-major [outH,h] and [outW,w]. */
function applyMatrices(
  x: tf.Tensor4D,
  rows: Float32Array,
  cols: Float32Array,
  outH: number,
  outW: number,
): tf.Tensor4D {
  const [, h, w, c] = x.shape;
  const rowMatrix = tf.tensor2d(rows, [outH, h]);
  const colMatrix = tf.tensor2d(cols, [outW, w]);
  const byRows = tf.matMul(rowMatrix, tf.reshape(x, [h, w * c])); // [outH, w·c]
  const colsFirst = tf.reshape(tf.transpose(tf.reshape(byRows, [outH, w, c]), [1, 0, 2]), [w, outH * c]);
  const both = tf.matMul(colMatrix, colsFirst); // [outW, outH·c]
  return tf.reshape(tf.transpose(tf.reshape(both, [outW, outH, c]), [1, 0, 2]), [1, outH, outW, c]);
}

function transposed(matrix: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(matrix.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c];
  return out;
}

/**
 * Resize x [1,h,w,c] to [1,outH,outW,c] exactly as UpSampling2D does (tfjs's native
 * kernels forward), with a gradient that is right on every backend: sum pooling for
 * integer nearest upsampling, the transposed interpolation matrices otherwise (dense
 * matmuls with transposeA are slow on wasm, so the transposes are built in advance).
 */
export function resize4D(
  x: tf.Tensor4D,
  outH: number,
  outW: number,
  interpolation: Interpolation,
): tf.Tensor4D {
  const [, h, w] = x.shape;
  const forward = (input: tf.Tensor4D): tf.Tensor4D =>
    interpolation === 'nearest'
      ? tf.image.resizeNearestNeighbor(input, [outH, outW])
      : tf.image.resizeBilinear(input, [outH, outW]);
  const custom = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: forward(args[0] as tf.Tensor4D),
    gradFunc: (dy: tf.Tensor) => {
      const grad = dy as tf.Tensor4D;
      if (interpolation === 'nearest' && outH % h === 0 && outW % w === 0) {
        const factor: [number, number] = [outH / h, outW / w];
        return tf.mul(tf.avgPool(grad, factor, factor, 'valid'), factor[0] * factor[1]) as tf.Tensor4D;
      }
      const rowsT = transposed(interpolationMatrix(h, outH, interpolation), outH, h);
      const colsT = transposed(interpolationMatrix(w, outW, interpolation), outW, w);
      return applyMatrices(grad, rowsT, colsT, h, w);
    },
  }));
  return custom(x) as tf.Tensor4D;
}

/** The same resize as two plain matmuls (a reference for tests). */
export function resize4DByMatrices(
  x: tf.Tensor4D,
  outH: number,
  outW: number,
  interpolation: Interpolation,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    return applyMatrices(x, interpolationMatrix(h, outH, interpolation), interpolationMatrix(w, outW, interpolation), outH, outW);
  });
}
