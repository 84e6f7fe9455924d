// tfjs-core's FusedBatchNorm gradient tiles 1/σ to the full activation shape before multiplying:
// on wasm that Tile was the single most expensive kernel of a training step. Broadcasting gives
// the same numbers without the full-size copy, and the reductions run before the per-channel maths.
import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

export const batchNormGradConfig: GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dyIn: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const dy = dyIn as Tensor;
    const varianceEpsilon = attrs.varianceEpsilon as number;
    const [x, mean, variance, scale] = saved;
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const scaleValue = scale ?? tf.scalar(1);
    const rsqrtVar = () => tf.rsqrt(tf.add(variance, varianceEpsilon));
    const perChannel = (t: Tensor) => tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
    return {
      x: () => tf.mul(dy, tf.mul(rsqrtVar(), scaleValue)),
      mean: () => tf.mul(perChannel(dy), tf.neg(tf.mul(rsqrtVar(), scaleValue))),
      variance: () => {
        const r = rsqrtVar();
        const minusHalfRCube = tf.mul(tf.mul(tf.mul(r, r), r), -0.5);
        return tf.mul(perChannel(tf.mul(dy, tf.sub(x, mean))), tf.reshape(tf.mul(minusHalfRCube, scaleValue), mean.shape));
      },
      scale: () => tf.mul(perChannel(tf.mul(dy, tf.sub(x, mean))), tf.reshape(rsqrtVar(), mean.shape)),
      offset: () => perChannel(dy),
    };
  },
};

export function registerBatchNormGrad(): void {
  tf.registerGradient(batchNormGradConfig);
}
