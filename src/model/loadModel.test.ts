import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelFromFiles, loadModelFromUrl, ModelLoadError } from './loadModel';
import { loadModelFromDisk } from './loadModelNode';
import { TINY_DESCRIPTOR, serializeModel, tinySegModel, writeModelDir } from './loadTestModels';

const ESPNET = fileURLToPath(new URL('../../../shared/fixtures/espnet-cityscapes', import.meta.url));

const descriptor3 = TINY_DESCRIPTOR;

let root: string;
let fresh = 0;
const newDir = (): string => join(root, `m${fresh++}`);

async function problemsOf(p: Promise<unknown>): Promise<string[]> {
  try {
    const loaded = (await p) as { model: tfl.LayersModel };
    loaded.model.dispose();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelLoadError);
    return (e as ModelLoadError).problems;
  }
  throw new Error('expected the load to fail');
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'segcam-load-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('loadModelFromDisk', () => {
  it('loads a saved model with the same predictions, and the defaults without segcam.json', async () => {
    const original = tinySegModel();
    const path = await writeModelDir(newDir(), original);
    const { model, descriptor, warnings } = await loadModelFromDisk(path);
    const x = tf.randomUniform([1, 8, 16, 3], 0, 1, 'float32', 3);
    const a = original.predict(x) as tf.Tensor;
    const b = model.predict(x) as tf.Tensor;
    expect(Array.from(b.dataSync())).toEqual(Array.from(a.dataSync()));
    tf.dispose([x, a, b]);
    expect(descriptor.classes.map((c) => c.name)).toEqual(['class 0', 'class 1', 'class 2']);
    expect(descriptor.input).toEqual({ height: 8, width: 16 });
    expect(warnings.join()).toMatch(/no segcam.json/);
    original.dispose();
    model.dispose();
  });

  it('reads segcam.json beside model.json, or from an explicit path', async () => {
    const dir = newDir();
    const path = await writeModelDir(dir, tinySegModel(), descriptor3);
    const beside = await loadModelFromDisk(path);
    expect(beside.descriptor.name).toBe('Tiny three');
    expect(beside.descriptor.defaultLayer).toBe('mid');
    expect(beside.warnings).toEqual([]);
    beside.model.dispose();
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ ...descriptor3, name: 'Other' }));
    const explicit = await loadModelFromDisk(path, other);
    expect(explicit.descriptor.name).toBe('Other');
    explicit.model.dispose();
  });

  it('says when model.json is not JSON, not there, or a graph model', async () => {
    const dir = newDir();
    const path = await writeModelDir(dir, tinySegModel());
    writeFileSync(path, '<!DOCTYPE html><html>');
    expect((await problemsOf(loadModelFromDisk(path)))[0]).toMatch(/model.json is not JSON .*starts with "<!DOCTYPE html>/);
    writeFileSync(path, JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [] }));
    expect((await problemsOf(loadModelFromDisk(path)))[0]).toMatch(/is a tfjs graph model; a layers model is needed/);
    writeFileSync(path, JSON.stringify({ weightsManifest: [] }));
    expect((await problemsOf(loadModelFromDisk(path)))[0]).toMatch(/has no "modelTopology"/);
    expect((await problemsOf(loadModelFromDisk(join(dir, 'nope.json'))))[0]).toMatch(/model file not found: .*nope.json/);
  });

  it('names a missing weight file and a truncated one with byte counts', async () => {
    const dir = newDir();
    const path = await writeModelDir(dir, tinySegModel());
    const size = readFileSync(join(dir, 'weights.bin')).byteLength;
    truncateSync(join(dir, 'weights.bin'), size - 10);
    expect(await problemsOf(loadModelFromDisk(path))).toEqual([
      `weights truncated: the manifest expects ${size} bytes, got ${size - 10} (weights.bin: ${size - 10} B)`,
    ]);
    unlinkSync(join(dir, 'weights.bin'));
    expect(await problemsOf(loadModelFromDisk(path))).toEqual([
      "missing weight file weights.bin (listed in model.json's weightsManifest)",
    ]);
  });

  it('names a layer class tfjs does not know', async () => {
    const dir = newDir();
    const path = await writeModelDir(dir, tinySegModel());
    const json = readFileSync(path, 'utf8').replace('"class_name":"MaxPooling2D"', '"class_name":"MyFancyPool"');
    writeFileSync(path, json);
    expect((await problemsOf(loadModelFromDisk(path)))[0]).toMatch(/uses a layer class tfjs does not know: MyFancyPool/);
  });

  it('rejects a model whose output is not [batch, H, W, C]', async () => {
    const input = tfl.input({ shape: [8, 8, 3] });
    const flat = tfl.layers.flatten().apply(input) as tfl.SymbolicTensor;
    const dense = tfl.layers.dense({ units: 5 }).apply(flat) as tfl.SymbolicTensor;
    const classifier = tfl.model({ inputs: input, outputs: dense });
    const path = await writeModelDir(newDir(), classifier);
    expect((await problemsOf(loadModelFromDisk(path)))[0]).toMatch(/output shape is \[null, 5\]; expected 4-D \[batch, H, W, classes\]/);
  });

  it('reports descriptor errors against the model: class count, field errors, unknown layer', async () => {
    const dir = newDir();
    const path = await writeModelDir(dir, tinySegModel({ numClasses: 4 }), descriptor3);
    expect(await problemsOf(loadModelFromDisk(path))).toEqual([
      `${join(dir, 'segcam.json')}: classes: 3 entries but the model outputs 4 channels`,
    ]);
    writeFileSync(join(dir, 'segcam.json'), JSON.stringify({ ...descriptor3, classes: [...descriptor3.classes, { name: 'x', color: 'red' }] }));
    expect((await problemsOf(loadModelFromDisk(path)))[0]).toMatch(/segcam.json: classes\[3\].color: expected \[r,g,b\]/);
    writeFileSync(join(dir, 'segcam.json'), JSON.stringify({ ...descriptor3, classes: [...descriptor3.classes, { name: 'x', color: [1, 1, 1] }], defaultLayer: 'nope' }));
    expect((await problemsOf(loadModelFromDisk(path)))[0]).toMatch(/defaultLayer: the model has no layer named "nope"/);
    writeFileSync(join(dir, 'segcam.json'), '{"classes": [');
    expect((await problemsOf(loadModelFromDisk(path)))[0]).toMatch(/segcam.json is not JSON/);
  });

  it('needs an input size for a model that accepts any size', async () => {
    const dir = newDir();
    const path = await writeModelDir(dir, tinySegModel({ height: null, width: null }));
    expect((await problemsOf(loadModelFromDisk(path)))[0]).toMatch(/accepts any input size \(\[null, null, null, 3\]\) and there is no segcam.json/);
    writeFileSync(join(dir, 'segcam.json'), JSON.stringify({ ...descriptor3, input: { height: 16, width: 32 } }));
    const ok = await loadModelFromDisk(path);
    expect(ok.descriptor.input).toEqual({ height: 16, width: 32 });
    ok.model.dispose();
  });

  it.skipIf(!existsSync(ESPNET))('loads the ESPNet fixture with its descriptor', async () => {
    const { model, descriptor, warnings } = await loadModelFromDisk(join(ESPNET, 'model.json'));
    expect(warnings).toEqual([]);
    expect(descriptor.classes).toHaveLength(20);
    expect(descriptor.input).toEqual({ height: 384, width: 768 });
    expect(model.outputs[0].shape).toEqual([null, null, null, 20]);
    model.dispose();
  });
});

describe('loadModelFromUrl', () => {
  let server: Server;
  let base: string;
  const files = new Map<string, Uint8Array | string>();

  beforeAll(async () => {
    const { modelJson, weights } = await serializeModel(tinySegModel());
    files.set('/a/model.json', JSON.stringify(modelJson));
    files.set('/a/weights.bin', weights);
    files.set('/a/segcam.json', JSON.stringify(descriptor3));
    files.set('/b/model.json', JSON.stringify(modelJson));
    files.set('/c/model.json', JSON.stringify(modelJson));
    files.set('/c/weights.bin', weights);
    server = createServer((req, res) => {
      const body = files.get(req.url ?? '');
      res.statusCode = body === undefined ? 404 : 200;
      res.end(body ?? 'Not Found');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('fetches model.json, its shards and segcam.json beside it', async () => {
    const { model, descriptor } = await loadModelFromUrl(`${base}/a/model.json`);
    expect(descriptor.name).toBe('Tiny three');
    expect(model.layers.map((l) => l.name)).toContain('mid');
    model.dispose();
  });

  it('falls back to the default descriptor with a warning when segcam.json is absent', async () => {
    const { model, descriptor, warnings } = await loadModelFromUrl(`${base}/c/model.json`);
    expect(descriptor.classes[0].name).toBe('class 0');
    expect(warnings).toHaveLength(1);
    model.dispose();
  });

  it('says which file is missing', async () => {
    expect(await problemsOf(loadModelFromUrl('models/x/model.json'))).toEqual(['not a valid model URL: "models/x/model.json"']);
    expect(await problemsOf(loadModelFromUrl(`${base}/nothing/model.json`))).toEqual([
      `cannot fetch ${base}/nothing/model.json: HTTP 404 Not Found`,
    ]);
    expect((await problemsOf(loadModelFromUrl(`${base}/b/model.json`)))[0]).toMatch(/missing weight file weights.bin/);
  });
});

describe('loadModelFromFiles', () => {
  it('loads picked files and reports a missing shard by name', async () => {
    const { modelJson, weights } = await serializeModel(tinySegModel());
    const modelFile = new File([JSON.stringify(modelJson)], 'model.json');
    const weightFile = new File([new Uint8Array(weights)], 'weights.bin');
    const segcam = new File([JSON.stringify(descriptor3)], 'segcam.json');
    const loaded = await loadModelFromFiles([segcam, weightFile, modelFile]);
    expect(loaded.descriptor.name).toBe('Tiny three');
    loaded.model.dispose();
    expect(await problemsOf(loadModelFromFiles([modelFile, segcam]))).toEqual([
      'missing weight file weights.bin: choose it together with model.json',
    ]);
    expect((await problemsOf(loadModelFromFiles([weightFile])))[0]).toMatch(/no model.json among the chosen files/);
  });
});
