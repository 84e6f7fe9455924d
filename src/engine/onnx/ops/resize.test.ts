import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { Explainer } from '../../explainer';
import { compileOnnx } from '../compile';
import { floatTensor, modelOf, node, str } from '../testing/layersToOnnx';
import { resizeMatrix } from './resize';

// ONNX Resize through the engine (integer nearest upsampling takes a copying fast path, the rest
// interpolation matrices) against the interpolation matrices applied by hand: forward values
// and the gradient of Σ dy·out.

type Rule = Parameters<typeof resizeMatrix>[3];

function byMatrices(x: tf.Tensor4D, rows: Float32Array, cols: Float32Array, outH: number, outW: number): tf.Tensor4D {
  const [, h, w, c] = x.shape;
  const R = tf.tensor2d(rows, [outH, h]);
  const C = tf.tensor2d(cols, [outW, w]);
  // out[o, p, k] = Σ_ij R[o,i]·x[i,j,k]·C[p,j]
  const byRows = tf.einsum('oi,ijk->ojk', R, tf.reshape(x, [h, w, c]));
  return tf.reshape(tf.einsum('ojk,pj->opk', byRows, C), [1, outH, outW, c]);
}

describe('ONNX Resize', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const cases: [string, number, Rule][] = [
    ['nearest ×2, asymmetric floor (PyTorch)', 2, { mode: 'nearest', transform: 'asymmetric', nearest: 'floor' }],
    ['nearest ×2, half_pixel round_prefer_floor', 2, { mode: 'nearest', transform: 'half_pixel', nearest: 'round_prefer_floor' }],
    ['nearest ×3, asymmetric floor', 3, { mode: 'nearest', transform: 'asymmetric', nearest: 'floor' }],
    ['nearest ×1.5 (matrices)', 1.5, { mode: 'nearest', transform: 'asymmetric', nearest: 'floor' }],
    ['linear ×2, half_pixel (matrices)', 2, { mode: 'linear', transform: 'half_pixel', nearest: 'round_prefer_floor' }],
  ];

  for (const [name, scale, rule] of cases) {
    it(`${name}: values and input gradient`, async () => {
      const [h, w] = [6, 8];
      const [outH, outW] = [Math.floor(h * scale), Math.floor(w * scale)];
      const scales = floatTensor('scales', [4], Float32Array.from([1, 1, scale, scale]));
      const attrs = [str('mode', rule.mode), str('coordinate_transformation_mode', rule.transform), str('nearest_mode', rule.nearest)];
      const onnx = compileOnnx(modelOf([node('Resize', ['image', '', 'scales'], ['out'], attrs)], [scales], 'image', [1, 3, h, w], 'out'));
      const explainer = Explainer.fromGraph(onnx.graph, {});
      const x = tf.randomNormal([1, h, w, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
      const dy = tf.randomNormal([1, outH, outW, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
      const rows = resizeMatrix(h, outH, scale, rule);
      const cols = resizeMatrix(w, outW, scale, rule);
      const kernels = (await tf.profile(() => explainer.predict(x))).kernels.map((k) => k.name);
      const copies = rule.mode === 'nearest' && Number.isInteger(scale);
      expect(kernels.includes('ResizeNearestNeighbor')).toBe(copies);
      expect(kernels.includes('BatchMatMul')).toBe(!copies);
      const ours = explainer.predict(x);
      const expected = byMatrices(x, rows, cols, outH, outW);
      const gradOurs = tf.grad((v) => explainer.predict(v as tf.Tensor4D))(x, dy);
      // ∂(Σ dy·R x Cᵀ)/∂x = Rᵀ dy C.
      const R = tf.tensor2d(rows, [outH, h]);
      const C = tf.tensor2d(cols, [outW, w]);
      const gradExpected = tf.einsum('ipk,pj->ijk', tf.einsum('oi,opk->ipk', R, tf.reshape(dy, [outH, outW, 3])), C);
      expect(ours.shape).toEqual([1, outH, outW, 3]);
      const close = (a: tf.Tensor, b: tf.Tensor) => Math.max(...tf.abs(tf.sub(a, b)).dataSync());
      expect(close(ours, expected)).toBeLessThan(1e-5);
      expect(close(tf.reshape(gradOurs, [h, w, 3]), gradExpected)).toBeLessThan(1e-5);
      tf.dispose([x, dy, ours, expected, gradOurs, gradExpected, R, C]);
      explainer.dispose();
      onnx.dispose();
    });
  }
});
