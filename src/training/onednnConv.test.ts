import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from './backend';
import { loadNativeAddon } from './nativeAddon';
import { registerOnednnConvKernels } from './onednnConv';

// The addon is optional (npm run build:native, needs libdnnl-dev); .ci/run builds it.
const addon = loadNativeAddon();

interface Case {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
  pad: 'same' | 'valid';
  dilations: number;
}

const CASES: Case[] = [
  { name: '3×3 same, like the U-Net', x: [2, 12, 20, 5], filter: [3, 3, 5, 7], strides: 1, pad: 'same', dilations: 1 },
  { name: '1×1 with many channels', x: [1, 6, 10, 33], filter: [1, 1, 33, 19], strides: 1, pad: 'same', dilations: 1 },
  { name: '3×3 stride 2, odd size', x: [2, 11, 13, 4], filter: [3, 3, 4, 6], strides: 2, pad: 'same', dilations: 1 },
  { name: '5×3 valid', x: [1, 9, 8, 3], filter: [5, 3, 3, 4], strides: 1, pad: 'valid', dilations: 1 },
  { name: '3×3 dilated 2 (forward only in tfjs)', x: [1, 10, 12, 3], filter: [3, 3, 3, 5], strides: 1, pad: 'same', dilations: 2 },
];

/** Output, ∂Σ(y·r)/∂x and ∂Σ(y·r)/∂filter (r random), plus a fused conv with bias and ReLU. */
function convResults(c: Case) {
  return tf.tidy(() => {
    const x = tf.randomNormal(c.x, 0, 1, 'float32', 1);
    const filter = tf.randomNormal(c.filter, 0, 0.5, 'float32', 2);
    const bias = tf.randomNormal([c.filter[3]], 0, 0.5, 'float32', 3);
    const conv = (a: tf.Tensor4D, f: tf.Tensor4D) => tf.conv2d(a, f, c.strides, c.pad, 'NHWC', c.dilations);
    const y = conv(x as tf.Tensor4D, filter as tf.Tensor4D);
    const fused = tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides: c.strides, pad: c.pad, dilations: c.dilations, bias, activation: 'relu' });
    if (c.dilations > 1) return { y: y.arraySync(), fused: fused.arraySync() };
    const r = tf.randomNormal(y.shape, 0, 1, 'float32', 4);
    const [dx, dFilter] = tf.grads((a: tf.Tensor, f: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, f as tf.Tensor4D), r)))([x, filter]);
    return { y: y.arraySync(), fused: fused.arraySync(), dx: dx.arraySync(), dFilter: dFilter.arraySync() };
  });
}

function maxAbsDiff(a: unknown, b: unknown): number {
  const fa = (a as number[]).flat(4) as number[];
  const fb = (b as number[]).flat(4) as number[];
  expect(fa.length).toBe(fb.length);
  return fa.reduce((m, v, i) => Math.max(m, Math.abs(v - fb[i])), 0);
}

describe.skipIf(!addon)('oneDNN convolution kernels on the wasm backend', () => {
  const expected = new Map<string, ReturnType<typeof convResults>>();
  const calls = [0, 0, 0]; // forward, input gradient, filter gradient
  const counted: Pick<NonNullable<typeof addon>, 'conv'> = {
    conv: (kind, ...rest) => {
      calls[kind]++;
      addon!.conv(kind, ...rest);
    },
  };

  beforeAll(async () => {
    await initNodeBackend('cpu'); // the independent reference: tfjs's plain JavaScript kernels
    for (const c of CASES) expected.set(c.name, convResults(c));
    await initNodeBackend('wasm');
    expect(registerOnednnConvKernels(counted)).toBe(true);
  });

  it.each(CASES)('$name: output and both gradients match the cpu backend', (c) => {
    calls.fill(0);
    const ours = convResults(c);
    const theirs = expected.get(c.name)!;
    expect(maxAbsDiff(ours.y, theirs.y)).toBeLessThan(1e-4);
    expect(maxAbsDiff(ours.fused, theirs.fused)).toBeLessThan(1e-4);
    expect(calls[0]).toBeGreaterThan(0);
    if (theirs.dx) {
      expect(calls[1]).toBeGreaterThan(0);
      expect(calls[2]).toBeGreaterThan(0);
      expect(maxAbsDiff(ours.dx, theirs.dx)).toBeLessThan(1e-4);
      expect(maxAbsDiff(ours.dFilter, theirs.dFilter)).toBeLessThan(1e-3);
    }
  });

  it('leaks no tensors and reuses its plans across calls', () => {
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) convResults(CASES[0]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
