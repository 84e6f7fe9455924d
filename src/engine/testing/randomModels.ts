import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';

// Small random models for the engine's tests: together they cover every layer kind
// the engine replays. Weights are seeded so failures reproduce.

/** mulberry32: a tiny deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
