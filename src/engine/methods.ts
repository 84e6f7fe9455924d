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

/** Σ over positions of X [N,k] → [k]. A matmul with a row of ones: reducing the
 *  non-last axis (tf.sum(X, 0)) makes tfjs transpose first, 20–40× slower on wasm. */
function channelSum(x: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), x), [-1]);
}

/** Caller disposes the result; intermediates are tidied. */
export function methodMaps(method: LayerMethod, activation: tf.Tensor4D, gradient: tf.Tensor4D): MethodMaps {
  return tf.tidy(() => {
    const k = activation.shape[3];
    const A = tf.reshape(activation, [-1, k]) as tf.Tensor2D; // [N, k]
    const G = tf.reshape(gradient, [-1, k]) as tf.Tensor2D;
    const n = A.shape[0];
    switch (method) {
      case 'seg-grad-cam': {
        const alpha = tf.div(channelSum(G), n) as tf.Tensor1D;
        return { alpha, raw: weightedSum(A, alpha) };
      }
      case 'hires-cam':
        // element-wise before pooling; alpha reports the pooled gradient for reference
        return { alpha: tf.div(channelSum(G), n) as tf.Tensor1D, raw: tf.sum(tf.mul(G, A), 1) as tf.Tensor1D };
      case 'layer-cam': {
        const positive = tf.relu(G);
        return { alpha: tf.div(channelSum(positive), n) as tf.Tensor1D, raw: tf.sum(tf.mul(positive, A), 1) as tf.Tensor1D };
      }
      case 'grad-cam-pp': {
        const g2 = tf.square(G);
        const g3 = tf.mul(g2, G);
        const sumA = channelSum(A);
        const aij = tf.div(g2, tf.add(tf.add(tf.mul(g2, 2), tf.mul(sumA, g3)), GRAD_CAM_PP_EPS));
        const aijMasked = tf.where(tf.notEqual(G, 0), aij, tf.zerosLike(aij));
        const alpha = channelSum(tf.mul(tf.relu(G), aijMasked) as tf.Tensor2D);
        return { alpha, raw: weightedSum(A, alpha) };
      }
      case 'xgrad-cam': {
        const alpha = tf.div(channelSum(tf.mul(G, A) as tf.Tensor2D), tf.add(channelSum(A), XGRAD_CAM_EPS)) as tf.Tensor1D;
        return { alpha, raw: weightedSum(A, alpha) };
      }
    }
  });
}

/** Input-gradient saliency: max over channels of |∂S/∂x|, length H·W. */
export function saliencyMap(inputGradient: tf.Tensor4D): tf.Tensor1D {
  return tf.tidy(() => tf.reshape(tf.max(tf.abs(inputGradient), 3), [-1]) as tf.Tensor1D);
}
