import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backends';
import { Explainer } from '../engine/explainer';
import { buildUNet, randomInput } from '../engine/testing/randomModels';
import { fromWire, toWire } from './wireExplanation';

beforeAll(async () => {
  await initBackend('cpu');
});

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
}

describe('explanations on the wire', () => {
  it('drop the upsampled maps and rebuild them on the main thread exactly as the engine does', async () => {
    const { model } = buildUNet(16, 24, 3);
    const explainer = Explainer.create(model);
    const input = randomInput(16, 24, 4);
    const mask = new Uint8Array(16 * 24);
    mask.fill(1, 40, 60);
    const [explanation] = await explainer.explain(input, { classIndex: 1, mask });
    const wire = toWire(explanation);
    expect(wire.layers.every((l) => !('upsampled' in l))).toBe(true);
    const back = fromWire(structuredClone(wire));
    expect(back.layers.map((l) => l.layer)).toEqual(explanation.layers.map((l) => l.layer));
    for (let i = 0; i < back.layers.length; i++) {
      const ours = back.layers[i].upsampled;
      expect(ours.length).toBe(16 * 24);
      expect(maxAbsDiff(ours, explanation.layers[i].upsampled)).toBeLessThan(1e-5 * Math.max(1, explanation.layers[i].camMax));
    }
    input.dispose();
    model.dispose();
  });
});
