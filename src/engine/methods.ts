import * as tf from '@tensorflow/tfjs-core';
import type { Method } from './types';

// The CAM variants, all computed from one layer's activations A and gradients
// G = ∂S/∂A (both [1,h,w,k]). Each returns the channel weights it uses (alpha, length k)
// and the map before ReLU (raw, length h·w).

export type LayerMethod = Exclude<Method, 'saliency'>;

const GRAD_CAM_PP_EPS = 1e-6; // as in pytorch-grad-cam's GradCAMPlusPlus
const XGRAD_CAM_EPS = 1e-7; // as in pytorch-grad-cam's XGradCAM

export interface MethodMaps {
  alpha: tf.Tensor1D;
  raw: tf.Tensor1D;
}

function weightedSum(activations: tf.Tensor2D, alpha: tf.Tensor1D): tf.Tensor1D {
  return tf.reshape(tf.matMul(activations, tf.reshape(alpha, [-1, 1])), [-1]);
}

/**
 * Mean over positions of x [1,h,w,k] → [k]. On wasm and cpu a global average pool: it
 * streams x once (a matmul with a row of ones packs x first, 15× slower on wasm; tf.mean
 * over non-last axes transposes first). On webgl a reduction, which runs in parallel.
 */
function channelMean(x: tf.Tensor4D): tf.Tensor1D {
  const [, h, w, k] = x.shape;
  if (tf.getBackend() === 'webgl') return tf.mean(x, [0, 1, 2]);
  return tf.reshape(tf.avgPool(x, [h, w], [h, w], 'valid'), [k]);
}

/** Caller disposes the result; intermediates are tidied. */
export function methodMaps(method: LayerMethod, activation: tf.Tensor4D, gradient: tf.Tensor4D): MethodMaps {
  return tf.tidy(() => {
    const [, h, w, k] = activation.shape;
    const n = h * w;
    const A = tf.reshape(activation, [n, k]) as tf.Tensor2D;
    const G = tf.reshape(gradient, [n, k]) as tf.Tensor2D;
    const as4D = (x: tf.Tensor) => tf.reshape(x, [1, h, w, k]) as tf.Tensor4D;
    switch (method) {
      case 'seg-grad-cam': {
        const alpha = channelMean(gradient);
        return { alpha, raw: weightedSum(A, alpha) };
      }
      case 'hires-cam':
        // element-wise before pooling; alpha reports the pooled gradient for reference
        return { alpha: channelMean(gradient), raw: tf.sum(tf.mul(G, A), 1) as tf.Tensor1D };
      case 'layer-cam': {
        const positive = tf.relu(G);
        return { alpha: channelMean(as4D(positive)), raw: tf.sum(tf.mul(positive, A), 1) as tf.Tensor1D };
      }
      case 'grad-cam-pp': {
        const g2 = tf.square(G);
        const g3 = tf.mul(g2, G);
        const sumA = tf.mul(channelMean(activation), n);
        const aij = tf.div(g2, tf.add(tf.add(tf.mul(g2, 2), tf.mul(sumA, g3)), GRAD_CAM_PP_EPS));
        const aijMasked = tf.where(tf.notEqual(G, 0), aij, tf.zerosLike(aij));
        const alpha = tf.mul(channelMean(as4D(tf.mul(tf.relu(G), aijMasked))), n) as tf.Tensor1D;
        return { alpha, raw: weightedSum(A, alpha) };
      }
      case 'xgrad-cam': {
        // Σ(G⊙A) / (ΣA + eps), both sums as n·mean
        const alpha = tf.div(
          tf.mul(channelMean(as4D(tf.mul(G, A))), n),
          tf.add(tf.mul(channelMean(activation), n), XGRAD_CAM_EPS),
        ) as tf.Tensor1D;
        return { alpha, raw: weightedSum(A, alpha) };
      }
    }
  });
}

/** Input-gradient saliency: max over channels of |∂S/∂x|, length H·W. */
export function saliencyMap(inputGradient: tf.Tensor4D): tf.Tensor1D {
  return tf.tidy(() => tf.reshape(tf.max(tf.abs(inputGradient), 3), [-1]) as tf.Tensor1D);
}
