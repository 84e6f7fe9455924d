import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';

// Small random models for the engine's tests: together they cover every layer kind
// the engine replays. Weights are seeded so failures reproduce.

import { seededRandom } from '../../metrics/seededRandom';

export { seededRandom };

function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Replaces every weight with seeded values; BN statistics are deliberately non-trivial. */
export function randomizeWeights(model: LayersModel, seed: number): void {
  const random = seededRandom(seed);
  const values = model.weights.map((w) => {
    const size = w.shape.reduce((a: number, b) => a * (b ?? 1), 1);
    const name = w.originalName;
    const data = new Float32Array(size);
    const fanIn = w.shape.length >= 2 ? size / (w.shape[w.shape.length - 1] ?? 1) : 1;
    for (let i = 0; i < size; i++) {
      if (name.endsWith('moving_variance')) data[i] = 0.5 + 1.5 * random();
      else if (name.endsWith('moving_mean')) data[i] = 0.5 * normal(random);
      else if (name.endsWith('gamma')) data[i] = 0.5 + random();
      else if (name.endsWith('alpha')) data[i] = 0.1 + 0.2 * random();
      else if (w.shape.length === 1) data[i] = 0.1 * normal(random);
      else data[i] = normal(random) * Math.sqrt(2 / fanIn);
    }
    return tf.tensor(data, w.shape as number[]);
  });
  model.setWeights(values);
  tf.dispose(values);
}

export function randomInput(height: number, width: number, seed: number): tf.Tensor4D {
  const random = seededRandom(seed);
  const data = Float32Array.from({ length: height * width * 3 }, () => normal(random));
  return tf.tensor4d(data, [1, height, width, 3]);
}

const conv = (filters: number, name: string, extra: Partial<Parameters<typeof tfl.layers.conv2d>[0]> = {}) =>
  tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', name, ...extra });

/**
 * A U-Net as a list of stages, so tests can cut it anywhere: each stage maps the current
 * tensor (and the skips saved so far) to the next tensor, and may save a skip.
 */
export interface UNetStage {
  name: string;
  apply(x: SymbolicTensor, skips: SymbolicTensor[]): { x: SymbolicTensor; skip?: boolean };
}

export function unetStages(classes = 4): UNetStage[] {
  const L = tfl.layers;
  const enc1 = conv(4, 'enc1_conv');
  const enc1bn = L.batchNormalization({ name: 'enc1_bn' });
  const enc1relu = L.reLU({ name: 'enc1_relu' });
  const pool1 = L.maxPooling2d({ poolSize: 2, name: 'pool1' });
  const enc2 = conv(6, 'enc2_conv');
  const enc2bn = L.batchNormalization({ name: 'enc2_bn' });
  const enc2relu = L.activation({ activation: 'relu', name: 'enc2_relu' });
  const pool2 = L.maxPooling2d({ poolSize: 2, name: 'pool2' });
  const bottleneck = conv(8, 'bottleneck', { activation: 'relu' });
  const drop = L.dropout({ rate: 0.5, name: 'drop' });
  const up2 = L.upSampling2d({ size: [2, 2], interpolation: 'bilinear', name: 'up2' });
  const cat2 = L.concatenate({ name: 'cat2' });
  const dec2 = conv(6, 'dec2_conv', { activation: 'relu' });
  const up1 = L.upSampling2d({ size: [2, 2], name: 'up1' });
  const cat1 = L.concatenate({ name: 'cat1' });
  const dec1 = conv(4, 'dec1_conv', { activation: 'relu' });
  const logits = L.conv2d({ filters: classes, kernelSize: 1, name: 'logits' });
  const one = (l: { apply(x: SymbolicTensor | SymbolicTensor[]): unknown }) => (x: SymbolicTensor) =>
    ({ x: l.apply(x) as SymbolicTensor });
  return [
    { name: 'enc1_conv', apply: one(enc1) },
    { name: 'enc1_bn', apply: one(enc1bn) },
    { name: 'enc1_relu', apply: (x) => ({ x: enc1relu.apply(x) as SymbolicTensor, skip: true }) },
    { name: 'pool1', apply: one(pool1) },
    { name: 'enc2_conv', apply: one(enc2) },
    { name: 'enc2_bn', apply: one(enc2bn) },
    { name: 'enc2_relu', apply: (x) => ({ x: enc2relu.apply(x) as SymbolicTensor, skip: true }) },
    { name: 'pool2', apply: one(pool2) },
    { name: 'bottleneck', apply: one(bottleneck) },
    { name: 'drop', apply: one(drop) },
    { name: 'up2', apply: one(up2) },
    { name: 'cat2', apply: (x, skips) => ({ x: cat2.apply([x, skips[1]]) as SymbolicTensor }) },
    { name: 'dec2_conv', apply: one(dec2) },
    { name: 'up1', apply: one(up1) },
    { name: 'cat1', apply: (x, skips) => ({ x: cat1.apply([x, skips[0]]) as SymbolicTensor }) },
    { name: 'dec1_conv', apply: one(dec1) },
    { name: 'logits', apply: one(logits) },
  ];
}

/** Runs stages [from, to) on x with the given skips; returns the end tensor and all skips. */
export function runStages(stages: UNetStage[], from: number, to: number, x: SymbolicTensor, skips: SymbolicTensor[]) {
  const saved = [...skips];
  let current = x;
  for (let i = from; i < to; i++) {
    const out = stages[i].apply(current, saved);
    current = out.x;
    if (out.skip) saved.push(current);
  }
  return { x: current, skips: saved };
}

/** U-Net: conv/BN/ReLU, max pooling, bilinear + nearest upsampling, concat skips, dropout. */
export function buildUNet(height = 16, width = 24, seed = 1): { model: LayersModel; stages: UNetStage[] } {
  const stages = unetStages();
  const input = tfl.input({ shape: [height, width, 3], name: 'image' });
  const { x } = runStages(stages, 0, stages.length, input, []);
  const model = tfl.model({ inputs: input, outputs: x, name: 'unet' });
  randomizeWeights(model, seed);
  return { model, stages };
}

/**
 * Dilated convs (explicit zero padding and 'same'), BN, PReLU, ELU, a sigmoid gate with
 * multiply, depthwise (multiplier 2) + LeakyReLU, average pooling, separable conv,
 * transposed conv, add, cropping + padding, and a softmax Activation head.
 */
export function buildDilatedGatedNet(height = 8, width = 12, seed = 2): LayersModel {
  const L = tfl.layers;
  const input = tfl.input({ shape: [height, width, 3], name: 'image' });
  const padded = L.zeroPadding2d({ padding: 2, name: 'pad_d2' }).apply(input) as SymbolicTensor;
  let x = L.conv2d({ filters: 6, kernelSize: 3, dilationRate: 2, padding: 'valid', useBias: false, name: 'conv_d2' })
    .apply(padded) as SymbolicTensor;
  x = L.batchNormalization({ name: 'bn_d2' }).apply(x) as SymbolicTensor;
  const skip = L.prelu({ sharedAxes: [1, 2], name: 'prelu_d2' }).apply(x) as SymbolicTensor;
  x = L.conv2d({ filters: 6, kernelSize: 3, dilationRate: [2, 3], padding: 'same', name: 'conv_d23' }).apply(skip) as SymbolicTensor;
  x = L.elu({ name: 'elu' }).apply(x) as SymbolicTensor;
  const gate = L.conv2d({ filters: 6, kernelSize: 1, activation: 'sigmoid', name: 'gate' }).apply(skip) as SymbolicTensor;
  x = L.multiply({ name: 'gated' }).apply([x, gate]) as SymbolicTensor;
  x = L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'depthwise' }).apply(x) as SymbolicTensor;
  x = L.leakyReLU({ alpha: 0.2, name: 'leaky' }).apply(x) as SymbolicTensor;
  x = L.averagePooling2d({ poolSize: 2, name: 'avgpool' }).apply(x) as SymbolicTensor;
  x = L.separableConv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'tanh', name: 'separable' })
    .apply(x) as SymbolicTensor;
  x = L.conv2dTranspose({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', name: 'deconv' }).apply(x) as SymbolicTensor;
  x = L.add({ name: 'add_skip' }).apply([x, skip]) as SymbolicTensor;
  x = L.cropping2D({ cropping: [[1, 1], [2, 1]], name: 'crop' }).apply(x) as SymbolicTensor;
  x = L.zeroPadding2d({ padding: [[1, 1], [2, 1]], name: 'repad' }).apply(x) as SymbolicTensor;
  x = L.conv2d({ filters: 5, kernelSize: 1, name: 'logits' }).apply(x) as SymbolicTensor;
  const probabilities = L.activation({ activation: 'softmax', name: 'softmax' }).apply(x) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: probabilities, name: 'dilated_gated' });
  randomizeWeights(model, seed);
  return model;
}

/**
 * Sequential: strided conv, BN, strided depthwise, ELU via activation, non-square
 * bilinear upsampling (2×3), valid transposed conv, and a conv with activation softmax.
 */
export function buildSequentialNet(height = 8, width = 12, seed = 3): LayersModel {
  const L = tfl.layers;
  const model = tfl.sequential({ name: 'sequential_net' });
  model.add(L.conv2d({ inputShape: [height, width, 3], filters: 5, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 's_conv' }));
  model.add(L.batchNormalization({ name: 's_bn' }));
  model.add(L.depthwiseConv2d({ kernelSize: 3, strides: 2, padding: 'same', name: 's_depthwise' }));
  model.add(L.activation({ activation: 'elu', name: 's_elu' }));
  model.add(L.upSampling2d({ size: [2, 3], interpolation: 'bilinear', name: 's_up' }));
  model.add(L.conv2dTranspose({ filters: 4, kernelSize: 3, strides: 2, padding: 'valid', name: 's_deconv' }));
  model.add(L.leakyReLU({ alpha: 0.1, name: 's_leaky' }));
  model.add(L.conv2d({ filters: 3, kernelSize: 1, activation: 'softmax', name: 's_logits' }));
  randomizeWeights(model, seed);
  return model;
}

/**
 * ESPNet-like: input reinforcement (padded average pooling of the image), strided conv
 * after explicit padding, PReLU, parallel dilated branches added and concatenated, a
 * layer shared by two branches (two inbound nodes), max pooling 'same', transposed conv.
 */
export function buildEspLikeNet(height = 8, width = 16, seed = 4): LayersModel {
  const L = tfl.layers;
  const input = tfl.input({ shape: [height, width, 3], name: 'image' });
  const pooledImage = L.averagePooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: 'image_pool' })
    .apply(L.zeroPadding2d({ padding: 1, name: 'image_pool_pad' }).apply(input)) as SymbolicTensor;
  let x = L.zeroPadding2d({ padding: 1, name: 'l1_pad' }).apply(input) as SymbolicTensor;
  x = L.conv2d({ filters: 4, kernelSize: 3, strides: 2, useBias: false, name: 'l1_conv' }).apply(x) as SymbolicTensor;
  x = L.batchNormalization({ epsilon: 1e-3, name: 'l1_bn' }).apply(x) as SymbolicTensor;
  x = L.prelu({ sharedAxes: [1, 2], name: 'l1_prelu' }).apply(x) as SymbolicTensor;
  x = L.concatenate({ name: 'l1_cat' }).apply([x, pooledImage]) as SymbolicTensor;
  const reduced = L.conv2d({ filters: 4, kernelSize: 1, useBias: false, name: 'esp_reduce' }).apply(x) as SymbolicTensor;
  const d1 = L.conv2d({ filters: 4, kernelSize: 3, useBias: false, name: 'esp_d1' })
    .apply(L.zeroPadding2d({ padding: 1, name: 'esp_d1_pad' }).apply(reduced)) as SymbolicTensor;
  const d2 = L.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, useBias: false, name: 'esp_d2' })
    .apply(L.zeroPadding2d({ padding: 2, name: 'esp_d2_pad' }).apply(reduced)) as SymbolicTensor;
  const shared = L.conv2d({ filters: 4, kernelSize: 1, name: 'shared_mix' });
  const mixed = L.add({ name: 'esp_mix' }).apply([shared.apply(d1) as SymbolicTensor, shared.apply(d2) as SymbolicTensor]) as SymbolicTensor;
  const sum = L.add({ name: 'esp_sum' }).apply([d1, d2]) as SymbolicTensor;
  x = L.concatenate({ name: 'esp_cat' }).apply([mixed, sum]) as SymbolicTensor;
  x = L.prelu({ sharedAxes: [1, 2], name: 'esp_prelu' }).apply(x) as SymbolicTensor;
  x = L.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same', name: 'esp_maxpool' }).apply(x) as SymbolicTensor;
  x = L.conv2dTranspose({ filters: 3, kernelSize: 2, strides: 2, padding: 'valid', name: 'logits' }).apply(x) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: x, name: 'esp_like' });
  randomizeWeights(model, seed);
  return model;
}

/**
 * Tie-heavy and activation-rich: ReLU before overlapping and non-overlapping max pools,
 * element-wise maximum/minimum of two ReLU branches (tied where both are zero), nearest
 * upsampling, average and multiply merges, and a chain of every tfjs activation.
 */
export function buildTieNet(height = 12, width = 16, seed = 5): LayersModel {
  const L = tfl.layers;
  const input = tfl.input({ shape: [height, width, 3], name: 'image' });
  let x = L.conv2d({ filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', name: 't_conv1' }).apply(input) as SymbolicTensor;
  const left = L.conv2d({ filters: 6, kernelSize: 1, activation: 'relu', name: 't_left' }).apply(x) as SymbolicTensor;
  const right = L.conv2d({ filters: 6, kernelSize: 1, activation: 'relu', name: 't_right' }).apply(x) as SymbolicTensor;
  x = L.maximum({ name: 't_maximum' }).apply([left, right]) as SymbolicTensor;
  const low = L.minimum({ name: 't_minimum' }).apply([left, right]) as SymbolicTensor;
  x = L.maxPooling2d({ poolSize: 3, strides: 1, padding: 'same', name: 't_pool_overlap' }).apply(x) as SymbolicTensor;
  x = L.multiply({ name: 't_multiply' }).apply([x, low]) as SymbolicTensor;
  x = L.maxPooling2d({ poolSize: 2, name: 't_pool2' }).apply(x) as SymbolicTensor;
  // Side by side rather than stacked, so float32 rounding does not compound through 11 layers.
  const pooled = x;
  const branches = ['relu6', 'elu', 'selu', 'softplus', 'softsign', 'hardSigmoid', 'swish', 'mish', 'gelu', 'tanh', 'sigmoid'].map(
    (activation) =>
      L.conv2d({ filters: 2, kernelSize: 3, padding: 'same', activation: activation as 'relu', name: `t_${activation}` })
        .apply(pooled) as SymbolicTensor,
  );
  x = L.concatenate({ name: 't_activations' }).apply(branches) as SymbolicTensor;
  x = L.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 't_strided' }).apply(x) as SymbolicTensor;
  x = L.maxPooling2d({ poolSize: 2, strides: 1, padding: 'valid', name: 't_pool_valid' }).apply(x) as SymbolicTensor;
  x = L.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: 't_repad' }).apply(x) as SymbolicTensor;
  x = L.upSampling2d({ size: [4, 4], interpolation: 'nearest', name: 't_up' }).apply(x) as SymbolicTensor;
  x = L.average({ name: 't_average' }).apply([x, left]) as SymbolicTensor;
  x = L.conv2d({ filters: 4, kernelSize: 1, name: 'logits' }).apply(x) as SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: x, name: 'tie_net' });
  randomizeWeights(model, seed);
  return model;
}
