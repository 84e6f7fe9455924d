import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer } from './explainer';
import { ReplayCache } from './replayCache';
import { buildEspLikeNet, buildSequentialNet, buildUNet, randomInput } from './testing/randomModels';
import type { LayersModel } from '@tensorflow/tfjs-layers';

// Segmenting an image keeps its convolution outputs; explaining the same image reuses them.
// Reuse must never change a number, and must not leak into passes over other values.

beforeAll(async () => {
  await initBackend('wasm');
});

const models: [string, () => LayersModel][] = [
  ['U-Net', () => buildUNet().model],
  ['strided and depthwise', () => buildSequentialNet()],
  ['dilated, strided, pooled image', () => buildEspLikeNet()],
];
const disposables: { dispose(): void }[] = [];
afterAll(() => disposables.forEach((d) => d.dispose()));

/** Convolution kernels run by fn: all of them, and the transposed ones (Conv2DBackpropInput). */
function convolutionCalls(fn: () => Promise<unknown>): Promise<{ all: number; transposed: number }> {
  return tf.profile(fn as () => Promise<tf.TensorContainer>).then((p) => ({
    all: p.kernels.filter((k) => /Conv2D|DepthwiseConv2dNative/.test(k.name)).length,
    transposed: p.kernels.filter((k) => k.name === 'Conv2DBackpropInput').length,
  }));
}

/** A model, its explainer and a random input of its size, all disposed after the file. */
function setUp(build: () => LayersModel, seed: number) {
  const model = build();
  const explainer = Explainer.create(model);
  const { height, width } = explainer.inputSize;
  const image = randomInput(height, width, seed);
  disposables.push(model, explainer, image);
  return { model, explainer, image };
}

/** The explainer's explanation equals a new explainer's of the same model, number for number. */
async function expectAsFreshExplainer(model: LayersModel, explainer: Explainer, image: tf.Tensor4D, target: { classIndex: number; mask: Uint8Array }) {
  const after = await explainer.explain(image, target);
  const fresh = Explainer.create(model);
  disposables.push(fresh);
  const expected = await fresh.explain(image, target);
  expect(after[0].score).toBe(expected[0].score);
  after[0].layers.forEach((l, i) => expect(Array.from(l.raw)).toEqual(Array.from(expected[0].layers[i].raw)));
}

describe.each(models)('forward reuse on %s', (_name, build) => {
  it('explains a segmented image with fewer convolutions and the same numbers as a new image', async () => {
    const { explainer, image } = setUp(build, 11);
    const mask = new Uint8Array(explainer.outputSize.height * explainer.outputSize.width).fill(0);
    mask[3] = 1;
    mask[mask.length - 2] = 1;
    const target = { classIndex: 1, mask };
    const methods = ['seg-grad-cam', 'hires-cam', 'layer-cam', 'saliency'] as const;

    const copy = tf.clone(image);
    let fresh: Awaited<ReturnType<Explainer['explain']>> = [];
    const convolutionsNew = await convolutionCalls(async () => {
      fresh = await explainer.explain(copy, target, { methods: [...methods] });
    });
    copy.dispose();
    const segmentation = await convolutionCalls(() => explainer.segment(image));
    let reused: Awaited<ReturnType<Explainer['explain']>> = [];
    const convolutionsReused = await convolutionCalls(async () => {
      reused = await explainer.explain(image, target, { methods: [...methods] });
    });
    expect(convolutionsReused.all).toBeLessThan(convolutionsNew.all);
    // A new image pays one forward pass of convolutions and no more: the backward sweep runs
    // each node again at its place in the pass and finds the outputs the pass kept.
    expect(convolutionsNew.all).toBe(segmentation.all + convolutionsReused.all);
    // A transposed convolution's forward is reused too (its input gradient is a plain conv2d).
    const transposedLayers = explainer.layers.filter((l) => l.className === 'Conv2DTranspose').length;
    expect(convolutionsReused.transposed).toBe(convolutionsNew.transposed - transposedLayers);
    expect(reused.map((e) => e.score)).toEqual(fresh.map((e) => e.score));
    reused.forEach((explanation, m) =>
      explanation.layers.forEach((layer, l) => {
        expect(Array.from(layer.alpha)).toEqual(Array.from(fresh[m].layers[l].alpha));
        expect(Array.from(layer.raw)).toEqual(Array.from(fresh[m].layers[l].raw));
      }),
    );
  });

  it('explains a segmented image without a forward pass: the last layer alone costs no layer kernel', async () => {
    const { explainer, image } = setUp(build, 13);
    const mask = new Uint8Array(explainer.outputSize.height * explainer.outputSize.width).fill(1);
    const last = explainer.layers.at(-1)!.name;
    await explainer.segment(image);
    const profile = await tf.profile(() => explainer.explain(image, { classIndex: 0, mask }, { layers: [last] }) as unknown as Promise<tf.TensorContainer>);
    // Its logits are the ones the segmentation kept; nothing below them is run or differentiated
    // (what runs: the score's gradient, the map, the readback).
    const layerKernels = profile.kernels.filter((k) => /Conv2D|Depthwise|Relu|Prelu|Elu|MaxPool|Resize|Sigmoid|Tanh/.test(k.name));
    expect(layerKernels.map((k) => k.name)).toEqual([]);
    expect(profile.kernels.length).toBeGreaterThan(0);
  });

  it('keeps a perturbed pass out of the reuse, both ways', async () => {
    const { model, explainer, image } = setUp(build, 12);
    const mask = new Uint8Array(explainer.outputSize.height * explainer.outputSize.width).fill(1);
    const target = { classIndex: 0, mask };
    const plain = explainer.score(image, target);
    const layer = explainer.layers[0];
    const delta = tf.fill([1, ...layer.shape], 0.5);
    disposables.push(delta);
    await explainer.segment(image);
    const perturbed = explainer.score(image, target, { [layer.name]: delta });
    expect(perturbed).not.toBeCloseTo(plain, 3);
    // The perturbed pass neither read nor replaced the kept convolutions.
    expect(explainer.score(image, target)).toBe(plain);
    const again = Explainer.create(model);
    disposables.push(again);
    expect(again.score(image, target, { [layer.name]: delta })).toBe(perturbed);
  });
});

describe('what the reuse keeps', () => {
  it('scoring other images (the deletion curve) does not evict the segmented image', async () => {
    const { explainer, image } = setUp(() => buildUNet().model, 21);
    const mask = new Uint8Array(explainer.outputSize.height * explainer.outputSize.width).fill(1);
    const target = { classIndex: 1, mask };
    const other = randomInput(16, 24, 22);
    const another = randomInput(16, 24, 23);
    disposables.push(other, another);
    const onNewImage = await convolutionCalls(() => explainer.explain(other, target));
    await explainer.segment(image);
    explainer.score(other, target);
    explainer.score(another, target);
    const afterScores = await convolutionCalls(() => explainer.explain(image, target));
    expect(afterScores.all).toBeLessThan(onNewImage.all);
  });

  it('recomputes everything once a weight changes in place (training, randomisation checks)', async () => {
    const { model } = buildUNet();
    disposables.push(model);
    const explainer = Explainer.create(model);
    disposables.push(explainer);
    const image = randomInput(16, 24, 3);
    disposables.push(image);
    const mask = new Uint8Array(16 * 24).fill(1);
    await explainer.segment(image);
    // Re-draw a batch norm upstream of convolutions whose kernels stay: only a weight
    // signature, not the kernels, can tell their kept outputs are stale.
    const bn = model.layers.find((l) => l.getClassName() === 'BatchNormalization')!;
    bn.setWeights(bn.getWeights().map((w, i) => tf.tidy(() => tf.add(w, i === 3 ? 1 : 0.5))));
    await expectAsFreshExplainer(model, explainer, image, { classIndex: 2, mask });
  });

  it('keeps a tensor derived from several weights until any one of them changes', () => {
    const cache = new ReplayCache();
    const a = tf.variable(tf.scalar(2));
    const b = tf.variable(tf.scalar(3));
    let derivations = 0;
    const sum = () =>
      cache.derived([a, b], 'sum', () => {
        derivations++;
        return tf.add(a, b);
      });
    expect(sum().dataSync()[0]).toBe(5);
    expect(sum().dataSync()[0]).toBe(5);
    expect(derivations).toBe(1);
    b.assign(tf.scalar(10));
    expect(sum().dataSync()[0]).toBe(12);
    expect(derivations).toBe(2);
    cache.dispose();
    a.dispose();
    b.dispose();
  });

  it("a batch norm's scale alone re-drawn in place changes the explanation as a fresh explainer's", async () => {
    const { model, explainer, image } = setUp(() => buildUNet().model, 8);
    const mask = new Uint8Array(16 * 24).fill(1);
    await explainer.explain(image, { classIndex: 1, mask });
    const bn = model.layers.find((l) => l.getClassName() === 'BatchNormalization')!;
    const gamma = bn.weights.find((w) => w.name.includes('gamma'))!;
    gamma.write(tf.tidy(() => tf.mul(gamma.read(), 3)));
    await expectAsFreshExplainer(model, explainer, image, { classIndex: 1, mask });
  });

  it('forgets the old image on a new one, and frees everything on dispose', async () => {
    const { model } = buildUNet();
    disposables.push(model);
    const before = tf.memory().numTensors;
    const explainer = Explainer.create(model);
    const a = randomInput(16, 24, 1);
    const b = randomInput(16, 24, 2);
    await explainer.segment(a);
    const keptForA = tf.memory().numTensors;
    expect(keptForA).toBeGreaterThan(before + 2);
    await explainer.segment(b);
    expect(tf.memory().numTensors).toBe(keptForA);
    explainer.dispose();
    a.dispose();
    b.dispose();
    // The explainer's own tensors (flipped kernels, kept convolutions) are all gone.
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says which tensors share the data of an output it holds, kept or for the pass only', () => {
    const cache = new ReplayCache(4 * 4); // room for one 4-element output; the next is the pass's only
    const image = randomInput(1, 1, 3);
    const [w1, w2] = [tf.scalar(1), tf.scalar(2)];
    const other = tf.zeros([4]);
    cache.beginPass(image);
    const kept = cache.output(w1, () => tf.ones([4]));
    const passOnly = cache.output(w2, () => tf.ones([4]));
    const view = tf.reshape(kept, [2, 2]);
    expect([cache.keeps(kept), cache.keeps(passOnly), cache.keeps(view), cache.keeps(other)]).toEqual([true, true, true, false]);
    cache.endPass();
    expect([cache.keeps(kept), cache.keeps(passOnly)]).toEqual([true, false]);
    cache.forgetOutputs();
    expect(cache.keeps(kept)).toBe(false);
    tf.dispose([image, w1, w2, other, kept, passOnly, view]);
    cache.dispose();
  });
});
