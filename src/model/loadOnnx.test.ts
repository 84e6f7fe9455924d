import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../engine/backends';
import { decodeModel, encodeModel, type ModelProto } from '../engine/onnx/proto';
import { floatTensor, ints, modelOf, node } from '../engine/onnx/testing/layersToOnnx';
import { assembleOnnx } from './loadOnnx';
import { isOnnxName } from './onnxName';
import { ModelLoadError } from './loadModelFiles';

// Unsupported and malformed ONNX files are refused with one clear message before anything runs.

const fixture = fileURLToPath(new URL('../engine/onnx/fixtures/tiny-unet.onnx', import.meta.url));

/** A valid two-node model: conv 3→4 (3×3, pads 1) then ReLU, on [1,3,8,12]. */
function tinyModel(): ModelProto {
  const weight = Float32Array.from({ length: 4 * 3 * 3 * 3 }, (_, i) => Math.sin(i));
  return modelOf(
    [
      node('Conv', ['image', 'w'], ['conv'], [ints('kernel_shape', [3, 3]), ints('pads', [1, 1, 1, 1])]),
      node('Relu', ['conv'], ['logits']),
    ],
    [floatTensor('w', [4, 3, 3, 3], weight)],
    'image',
    [1, 3, 8, 12],
    'logits',
  );
}

function refusal(model: ModelProto | Uint8Array, descriptorText?: string): string {
  const bytes = model instanceof Uint8Array ? model : encodeModel(model);
  try {
    const loaded = assembleOnnx({ modelSource: 'net.onnx', bytes, descriptorText });
    loaded.onnx.dispose();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelLoadError);
    return (e as Error).message;
  }
  throw new Error('the model was accepted');
}

beforeAll(async () => {
  await initBackend('cpu');
});

describe('ONNX loading', () => {
  it('loads a valid model with default classes and says the descriptor is missing', () => {
    const before = tf.memory().numTensors;
    const loaded = assembleOnnx({ modelSource: 'net.onnx', bytes: encodeModel(tinyModel()) });
    expect(loaded.descriptor.classes.map((c) => c.name)).toEqual(['class 0', 'class 1', 'class 2', 'class 3']);
    expect(loaded.descriptor.input).toEqual({ height: 8, width: 12 });
    expect(loaded.warnings[0]).toMatch(/no segcam.json/);
    loaded.onnx.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('recognises .onnx names and URLs', () => {
    expect(isOnnxName('model.onnx')).toBe(true);
    expect(isOnnxName('https://x.org/a/NET.ONNX?v=2')).toBe(true);
    expect(isOnnxName('model.json')).toBe(false);
  });

  it('refuses a truncated file', () => {
    const bytes = new Uint8Array(readFileSync(fixture));
    expect(refusal(bytes.slice(0, Math.floor(bytes.length / 2)))).toMatch(/net\.onnx: not a readable ONNX file .*truncated/);
  });

  it('refuses a file that is not ONNX at all', () => {
    expect(refusal(new TextEncoder().encode('{"modelTopology": {}}'))).toMatch(/net\.onnx: not (a readable ONNX file|an ONNX model)/);
  });

  it('names a missing initialiser and the node reading it', () => {
    const model = tinyModel();
    model.graph!.initializer = [];
    expect(refusal(model)).toMatch(/tensor "w" is read by conv \(Conv\) but no node, input or initialiser provides it/);
  });

  it('lists every unsupported operator with its node count and the opset, before running anything', () => {
    const model = tinyModel();
    model.graph!.node = [
      node('GridSample', ['image', 'w'], ['a']),
      node('Einsum', ['a'], ['b']),
      node('Einsum', ['b'], ['logits']),
    ];
    const message = refusal(model);
    expect(message).toMatch(/operators this explorer cannot run \(opset 13\): GridSample \(1 node\), Einsum \(2 nodes\)/);
  });

  it('finds a cycle', () => {
    const model = tinyModel();
    model.graph!.node = [node('Relu', ['logits'], ['a']), node('Add', ['a', 'image'], ['logits'])];
    expect(refusal(model)).toMatch(/cycle/);
  });

  it('refuses an input of the wrong rank', () => {
    const model = tinyModel();
    model.graph!.input[0].type!.tensorType!.shape!.dim = [{ dimValue: 3 }, { dimValue: 8 }, { dimValue: 12 }];
    expect(refusal(model)).toMatch(/input "image" has rank 3; an image input \[1, 3, H, W\] \(rank 4\) is needed/);
  });

  it('refuses external data', () => {
    const model = tinyModel();
    model.graph!.initializer[0] = { ...model.graph!.initializer[0], rawData: undefined, dataLocation: 1, externalData: [{ key: 'location', value: 'w.bin' }] };
    expect(refusal(model)).toMatch(/initialiser "w" keeps its data in an external file; external-data models are not supported/);
  });

  it('refuses opsets outside 7–18', () => {
    const model = tinyModel();
    model.opsetImport = [{ domain: '', version: 21 }];
    expect(refusal(model)).toMatch(/opset 21; opsets 7 to 18/);
  });

  it('checks the descriptor against the model: classes and defaultLayer by tensor name', () => {
    const classes = JSON.stringify({ classes: [{ name: 'a', color: [0, 0, 0] }] });
    expect(refusal(tinyModel(), classes)).toMatch(/classes: 1 entries but the model outputs 4 channels/);
    const four = [0, 1, 2, 3].map((i) => ({ name: `c${i}`, color: [i, i, i] }));
    expect(refusal(tinyModel(), JSON.stringify({ classes: four, defaultLayer: 'nope' }))).toMatch(/no tensor named "nope"/);
  });

  it('converts float16 initialisers', () => {
    const model = tinyModel();
    const half = new Uint16Array(4 * 27).fill(0x3c00); // 1.0
    model.graph!.initializer[0] = { ...model.graph!.initializer[0], dataType: 10, rawData: new Uint8Array(half.buffer) };
    const loaded = assembleOnnx({ modelSource: 'net.onnx', bytes: encodeModel(model) });
    const y = tf.tidy(() => tf.sum(loaded.onnx.graph.nodes[0].run([tf.ones([1, 8, 12, 3])], undefined as never)[0]).dataSync()[0]);
    // interior pixels see 27 ones, edges fewer: 4 channels × Σ over pixels of the window size
    const windows = [...Array(8).keys()].reduce((s, r) => s + [...Array(12).keys()].reduce((t, c) => t + (Math.min(r + 1, 7) - Math.max(r - 1, 0) + 1) * (Math.min(c + 1, 11) - Math.max(c - 1, 0) + 1), 0), 0);
    expect(y).toBeCloseTo(4 * 3 * windows, 3);
    loaded.onnx.dispose();
  });

  it('decodes the committed fixture as exported by PyTorch', () => {
    const model = decodeModel(new Uint8Array(readFileSync(fixture)));
    expect(model.graph?.input[0].name).toBe('image');
    expect(model.opsetImport[0].version).toBe(13);
  });
});
