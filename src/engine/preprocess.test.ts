import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { toModelInput } from './preprocess';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('toModelInput', () => {
  it('scales RGB to 0..1 with the default preprocessing', () => {
    const px = new Uint8Array([0, 51, 255, 255, 0, 102]);
    const t = toModelInput(px, 1, 2, 3, { channelOrder: 'RGB', mean: [0, 0, 0], std: [255, 255, 255] });
    expect(t.shape).toEqual([1, 1, 2, 3]);
    expect(Array.from(t.dataSync())).toEqual(Array.from(new Float32Array([0, 0.2, 1, 1, 0, 0.4])));
    t.dispose();
  });

  it('reorders to BGR before subtracting mean and dividing by std (given in BGR order)', () => {
    const px = new Uint8Array([10, 20, 30, 255, 40, 50, 60, 0]); // RGBA, alpha ignored
    const t = toModelInput(px, 2, 1, 4, { channelOrder: 'BGR', mean: [1, 2, 3], std: [2, 4, 8] });
    // pixel 0: B=30, G=20, R=10 → (30-1)/2, (20-2)/4, (10-3)/8
    const expected = [(30 - 1) / 2, (20 - 2) / 4, (10 - 3) / 8, (60 - 1) / 2, (50 - 2) / 4, (40 - 3) / 8];
    expect(Array.from(t.dataSync())).toEqual(Array.from(new Float32Array(expected)));
    t.dispose();
  });

  it('equals the ESPNet recipe written with tensor ops (tf.reverse, sub, div)', () => {
    const h = 3;
    const w = 5;
    const px = new Uint8Array(h * w * 3).map((_, i) => (i * 53) % 256);
    const pre = { channelOrder: 'BGR' as const, mean: [72.39, 82.9, 73.15] as [number, number, number], std: [11556.4, 11768.98, 11453.28] as [number, number, number] };
    const ours = toModelInput(px, h, w, 3, pre);
    const reference = tf.tidy(() =>
      tf.div(tf.sub(tf.reverse(tf.tensor4d(px, [1, h, w, 3], 'float32'), -1), pre.mean), pre.std),
    );
    expect(Array.from(ours.dataSync())).toEqual(Array.from(reference.dataSync()));
    tf.dispose([ours, reference]);
  });

  it('rejects a pixel count that does not match', () => {
    expect(() => toModelInput(new Uint8Array(5), 1, 2, 3, { channelOrder: 'RGB', mean: [0, 0, 0], std: [1, 1, 1] })).toThrow(
      /5 values for 1×2×3/,
    );
  });
});
