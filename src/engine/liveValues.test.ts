import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { LiveValues } from './liveValues';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('LiveValues', () => {
  it('frees a tensor when its last holder is released, never a pinned one', () => {
    const image = tf.ones([2]);
    const values = new LiveValues(new Set([image]));
    const a = tf.ones([3]);
    values.set(0, image);
    values.set(1, a);
    values.set(2, a); // a pass-through node: two ids, one tensor
    values.release(1);
    expect(a.isDisposed).toBe(false);
    values.release(2);
    expect(a.isDisposed).toBe(true);
    values.release(0);
    expect(image.isDisposed).toBe(false);
    image.dispose();
  });

  it('replaces a value in place, frees everything on releaseAll, and names a missing input', () => {
    const values = new LiveValues(new Set());
    const first = tf.ones([1]);
    const second = tf.zeros([1]);
    values.set(4, first);
    expect(values.holds(first)).toBe(true);
    values.set(4, second);
    expect(first.isDisposed).toBe(true);
    expect(values.require(4, 'conv1')).toBe(second);
    values.releaseAll();
    expect(second.isDisposed).toBe(true);
    expect(values.has(4)).toBe(false);
    expect(() => values.require(4, 'conv1')).toThrow(/input of conv1 was not computed/);
  });
});
