import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUnet } from '../model/unet';
import { initNodeBackend } from './backend';
import { loadNativeAddon } from './nativeAddon';
import { applyInTraining, registerNativeBatchNorm } from './nativeBatchNorm';
import { segmentationLoss } from './losses';
import { trainableVariables } from './gradients';

// The addon is optional (npm run build:native, needs libdnnl-dev); .ci/run builds it.
const addon = loadNativeAddon();

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const maxAbs = (a: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);

/** Loss, every trainable variable's gradient and the moving statistics after one training-mode pass. */
function trainingPass(forward: (model: ReturnType<typeof buildUnet>, x: tf.Tensor) => tf.Tensor, x: tf.Tensor4D, labels: tf.Tensor3D) {
  const model = buildUnet({ height: 16, width: 32, base: 4, numClasses: 5, seed: 11 });
  const variables = trainableVariables(model);
  const weights = tf.ones([5]) as tf.Tensor1D;
  const { value, grads } = tf.variableGrads(() => segmentationLoss(forward(model, x) as tf.Tensor4D, labels, weights, 0.5), variables);
  const moving = model.weights.filter((w) => /moving_(mean|variance)/.test(w.originalName)).map((w) => w.read().clone());
  const result = { loss: value, grads: variables.map((v) => grads[v.name]), moving, model };
  weights.dispose();
  return result;
}

describe.skipIf(!addon)('native batch normalisation for training', () => {
  const calls = { forward: 0, backward: 0 };
  beforeAll(async () => {
    await initNodeBackend('wasm');
    const counted = {
      batchNormForward: (...args: Parameters<NonNullable<typeof addon>['batchNormForward']>) => (calls.forward++, addon!.batchNormForward(...args)),
      batchNormBackward: (...args: Parameters<NonNullable<typeof addon>['batchNormBackward']>) => (calls.backward++, addon!.batchNormBackward(...args)),
    };
    expect(registerNativeBatchNorm(counted)).toBe(true);
  });

  it('gives the loss, the gradients and the moving statistics of tfjs-layers in training mode', () => {
    const x = tf.randomUniform([2, 16, 32, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const labels = tf.randomUniform([2, 16, 32], 0, 5, 'int32', 6) as tf.Tensor3D;
    const theirs = trainingPass((model, input) => model.apply(input, { training: true }) as tf.Tensor, x, labels);
    const ours = trainingPass(applyInTraining, x, labels);
    expect(calls).toEqual({ forward: 18, backward: 18 }); // the U-Net's 18 batch norms, each way
    expect(Math.abs(ours.loss.dataSync()[0] - theirs.loss.dataSync()[0])).toBeLessThan(1e-5);
    expect(ours.grads).toHaveLength(theirs.grads.length);
    ours.grads.forEach((g, i) => {
      // relative to the gradient's own size: float32 sums in another order
      expect(maxAbsDiff(g, theirs.grads[i])).toBeLessThanOrEqual(1e-3 * maxAbs(theirs.grads[i]) + 1e-6);
    });
    expect(ours.moving.length).toBeGreaterThan(0);
    ours.moving.forEach((m, i) => expect(maxAbsDiff(m, theirs.moving[i])).toBeLessThan(1e-5));
    // the moving statistics did move away from their initial 0 / 1
    expect(maxAbs(tf.sub(ours.moving[0], 0))).toBeGreaterThan(1e-3);
    for (const r of [ours, theirs]) {
      tf.dispose([r.loss, ...r.grads, ...r.moving]);
      r.model.dispose();
    }
    tf.dispose([x, labels]);
  });

  it('refuses operands that do not fit, with a message instead of a crash', () => {
    const f = (n: number) => new Float32Array(n);
    expect(() => addon!.batchNormForward(f(12), f(5), f(5), 5, 1e-3, f(12), f(5), f(5))).toThrow(/bad arguments/);
    const loose = addon!.batchNormBackward as (...args: unknown[]) => void;
    expect(() => loose(f(12), f(12), f(4), f(4), f(4), 4, 1e-3, f(12), f(4))).toThrow(/bad arguments/); // one short
    expect(() => addon!.conv(0, new Int32Array(3), f(1), f(1), null, f(1))).toThrow(/19/);
  });

  it('leaves no tensors behind', () => {
    const model = buildUnet({ height: 16, width: 32, base: 4, numClasses: 5, seed: 2 });
    const x = tf.randomUniform([1, 16, 32, 3]);
    const before = tf.memory().numTensors;
    const variables = trainableVariables(model);
    for (let i = 0; i < 2; i++) {
      const { value, grads } = tf.variableGrads(() => tf.sum(applyInTraining(model, x)) as tf.Scalar, variables);
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    model.dispose();
  });
});
