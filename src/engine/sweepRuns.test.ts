// The backward sweep runs a layer again to differentiate it; a layer whose maps are asked for
// takes them from that run instead of running once more (a concatenation or a padding copies
// its whole output each time).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { METHODS } from './types';

let model: tfl.LayersModel;
beforeAll(async () => {
  await initBackend('cpu');
  model = concatThenPad();
});
afterAll(() => model.dispose());

/** Two convolutions concatenated, a convolution, a padding: the concatenation and the padding are each read only by a convolution. */
function concatThenPad(): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 8, 3] });
  const a = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'a' }).apply(input) as tfl.SymbolicTensor;
  const b = tfl.layers.conv2d({ filters: 4, kernelSize: 1, name: 'b' }).apply(input) as tfl.SymbolicTensor;
  const joined = tfl.layers.concatenate({ name: 'joined' }).apply([a, b]) as tfl.SymbolicTensor;
  const mixed = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'mixed' }).apply(joined) as tfl.SymbolicTensor;
  const padded = tfl.layers.zeroPadding2d({ padding: 1, name: 'padded' }).apply(mixed) as tfl.SymbolicTensor;
  const logits = tfl.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'valid', name: 'logits' }).apply(padded) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits });
}

it('an all-layer click runs the concatenation and the padding once each, with the same numbers', async () => {
  const explainer = Explainer.create(model);
  const image = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
  const mask = new Uint8Array(64).fill(1);
  const target = { classIndex: 1, mask };
  const methods = METHODS.filter((m) => m !== 'saliency');
  try {
    await explainer.segment(image);
    let clicked: Awaited<ReturnType<Explainer['explain']>> = [];
    const profile = await tf.profile(async () => {
      clicked = await explainer.explain(image, target, { methods: [...methods] });
    });
    // The layers' own kernels, told from the gradients' and the readback's by their inputs.
    const runs = (kernel: string, inputShapes: number[][]) =>
      profile.kernels.filter((k) => k.name === kernel && JSON.stringify(k.inputShapes) === JSON.stringify(inputShapes)).length;
    expect(runs('Concat', [[1, 8, 8, 4], [1, 8, 8, 4]])).toBe(1);
    expect(runs('PadV2', [[1, 8, 8, 4]])).toBe(1);
    expect(clicked[0].layers.map((l) => l.layer)).toEqual(['a', 'b', 'joined', 'mixed', 'padded', 'logits']);

    // An explainer that has seen nothing, on a copy: every value computed afresh.
    const fresh = Explainer.create(model);
    const copy = tf.clone(image);
    const expected = await fresh.explain(copy, target, { methods: [...methods] });
    copy.dispose();
    fresh.dispose();
    clicked.forEach((explanation, m) =>
      explanation.layers.forEach((layer, l) => {
        expect(Array.from(layer.alpha)).toEqual(Array.from(expected[m].layers[l].alpha));
        expect(Array.from(layer.raw)).toEqual(Array.from(expected[m].layers[l].raw));
      }),
    );
  } finally {
    image.dispose();
    explainer.dispose();
  }
});
