// Hostile and broken model.json files: each is refused with the exact one-line reason, quickly,
// before tfjs sees it (tfjs-layers loops forever on dangling or cyclic inbound nodes).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MODEL_LAYERS, MAX_WEIGHT_SHARDS } from '../formats/limits';
import { loadModelFromFiles, loadModelFromUrl, ModelLoadError } from './loadModel';
import { parseModelJson } from './loadModelFiles';
import { loadModelFromDisk } from './loadModelNode';
import { serializeModel, tinySegModel, type SerializedModel } from './loadTestModels';

type ModelJson = SerializedModel['modelJson'];
interface LayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: unknown[];
}

let tiny: SerializedModel;
let root: string;

const clone = (): ModelJson => JSON.parse(JSON.stringify(tiny.modelJson)) as ModelJson;
const layersOf = (m: ModelJson): LayerJson[] => (m.modelTopology as { config: { layers: LayerJson[] } }).config.layers;
const layer = (m: ModelJson, name: string): LayerJson => layersOf(m).find((l) => l.name === name) as LayerJson;

function problems(m: unknown): string[] {
  try {
    parseModelJson(JSON.stringify(m), 'model.json');
  } catch (e) {
    expect(e).toBeInstanceOf(ModelLoadError);
    return (e as ModelLoadError).problems;
  }
  throw new Error('expected model.json to be refused');
}

async function refusal(p: Promise<{ model: { dispose(): void } }>): Promise<string[]> {
  try {
    (await p).model.dispose();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelLoadError);
    return (e as ModelLoadError).problems;
  }
  throw new Error('expected the load to fail');
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  const model = tinySegModel();
  tiny = await serializeModel(model);
  model.dispose();
  root = mkdtempSync(join(tmpdir(), 'segcam-hostile-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('model.json topology', () => {
  it('accepts the untouched model', () => {
    expect(parseModelJson(JSON.stringify(tiny.modelJson), 'model.json').weightBytes).toBe(tiny.weights.byteLength);
  });

  it('refuses an inbound name that is no layer', () => {
    const m = clone();
    layer(m, 'dec').inbound_nodes = [[['ghost', 0, 0, {}]]];
    expect(problems(m)).toEqual(['model.json: modelTopology: layer "dec", inbound node 0: input "ghost" is not a layer of the model']);
  });

  it('refuses a node index the inbound layer never has', () => {
    const m = clone();
    layer(m, 'dec').inbound_nodes = [[['cat', 3, 0, {}]]];
    expect(problems(m)).toEqual(['model.json: modelTopology: layer "dec", inbound node 0: input "cat" has no node 3 (it is called 1 time(s))']);
  });

  it('refuses a cycle, naming its layers', () => {
    const m = clone();
    layer(m, 'enc').inbound_nodes = [[['dec', 0, 0, {}]]];
    expect(problems(m)).toEqual(['model.json: modelTopology: the layers form a cycle: enc → pool → mid → up → cat → dec → enc']);
  });

  it('refuses a layer that feeds itself', () => {
    const m = clone();
    layer(m, 'mid').inbound_nodes = [[['mid', 0, 0, {}]]];
    expect(problems(m)).toEqual(['model.json: modelTopology: the layers form a cycle: mid → mid']);
  });

  it('refuses declared inputs and outputs that do not exist', () => {
    const m = clone();
    const config = (m.modelTopology as { config: Record<string, unknown> }).config;
    config.output_layers = [['nowhere', 0, 0]];
    config.input_layers = [['image', 1, 0]];
    expect(problems(m)).toEqual([
      'model.json: modelTopology: config.input_layers[0]: "image" has no node 1',
      'model.json: modelTopology: config.output_layers[0]: "nowhere" is not a layer of the model',
    ]);
  });

  it('refuses duplicate layer names and malformed inbound entries', () => {
    const m = clone();
    const dec = layer(m, 'dec');
    dec.name = 'mid';
    dec.config.name = 'mid';
    expect(problems(m)[0]).toBe('model.json: modelTopology: layer "mid" appears twice');
    const n = clone();
    layer(n, 'dec').inbound_nodes = [[['cat', '0', 0]]];
    expect(problems(n)).toEqual(['model.json: modelTopology: layer "dec", inbound node 0, input 0: expected [layerName, nodeIndex, tensorIndex]']);
    const k = clone();
    layer(k, 'dec').inbound_nodes = [{ args: [], kwargs: {} }];
    expect(problems(k)).toEqual(['model.json: modelTopology: layer "dec", inbound node 0: expected a non-empty array of inputs']);
  });

  it('refuses an unknown top-level class and more layers than the limit', () => {
    const m = clone();
    (m.modelTopology as Record<string, unknown>).class_name = 'Graph';
    expect(problems(m)).toEqual(['model.json: modelTopology.class_name: expected "Model", "Functional" or "Sequential", got "Graph"']);
    const big = clone();
    const layers = layersOf(big);
    for (let i = 0; i < MAX_MODEL_LAYERS; i++) layers.push({ ...layers[1], name: `copy${i}`, config: { ...layers[1].config, name: `copy${i}` } });
    expect(problems(big)).toEqual([`model.json: the model has more than ${MAX_MODEL_LAYERS} layers (the limit)`]);
  });

  it('checks a Keras model_config wrapper and nested models the same way', () => {
    const m = clone();
    layer(m, 'dec').inbound_nodes = [[['ghost', 0, 0, {}]]];
    const wrapped = { ...m, modelTopology: { keras_version: '2.15', backend: 'tensorflow', model_config: m.modelTopology } };
    expect(problems(wrapped)).toEqual(['model.json: modelTopology: layer "dec", inbound node 0: input "ghost" is not a layer of the model']);
  });
});

describe('model.json weights manifest', () => {
  it('refuses bad dtypes, shapes and quantisation, naming the weight', () => {
    const m = clone();
    const w = m.weightsManifest[0].weights as unknown as Record<string, unknown>[];
    w[0].dtype = 'string';
    w[1].shape = [4, -1];
    w[2].quantization = { dtype: 'int4' };
    expect(problems(m)).toEqual([
      `model.json: weight "${String(w[0].name)}": dtype "string" is not float32, int32 or bool`,
      `model.json: weight "${String(w[1].name)}": shape: expected an array of non-negative integers`,
      `model.json: weight "${String(w[2].name)}": quantization: expected {dtype: uint8, uint16 or float16} on a float32 or int32 weight`,
    ]);
  });

  it('refuses weights over the model size limit and too many shards, before any download', () => {
    const m = clone();
    (m.weightsManifest[0].weights[0] as { shape: number[] }).shape = [100000, 100000];
    expect(problems(m)).toEqual(['model.json: the weights add up to 37 GB; the limit is 256 MB']);
    const n = clone();
    n.weightsManifest[0].paths = Array.from({ length: MAX_WEIGHT_SHARDS + 1 }, (_, i) => `w${i}.bin`);
    expect(problems(n)).toEqual([`model.json: weightsManifest lists ${MAX_WEIGHT_SHARDS + 1} weight files; the limit is ${MAX_WEIGHT_SHARDS}`]);
  });

  it('refuses a weight listed twice and a manifest that is not groups', () => {
    const m = clone();
    m.weightsManifest[0].weights.push(m.weightsManifest[0].weights[0]);
    expect(problems(m)).toEqual([`model.json: weight "${m.weightsManifest[0].weights[0].name}" is listed twice`]);
    expect(problems({ ...clone(), weightsManifest: [{ paths: 'weights.bin', weights: [] }] })).toEqual([
      'model.json: weightsManifest[0]: expected {paths: [...], weights: [...]}',
    ]);
  });
});

describe('a cyclic model on disk and by URL is refused fast', () => {
  it('the CLI loader returns at once instead of hanging in tfjs', async () => {
    const dir = join(root, 'cyclic');
    mkdirSync(dir);
    const m = clone();
    layer(m, 'enc').inbound_nodes = [[['dec', 0, 0, {}]]];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(m));
    writeFileSync(join(dir, 'weights.bin'), tiny.weights);
    const started = performance.now();
    expect(await refusal(loadModelFromDisk(join(dir, 'model.json')))).toEqual([
      `${join(dir, 'model.json')}: modelTopology: the layers form a cycle: enc → pool → mid → up → cat → dec → enc`,
    ]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('shards on disk stay in the model folder and are plain files', () => {
  const modelDir = (name: string, paths: string[]): string => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const m = clone();
    m.weightsManifest[0].paths = paths;
    writeFileSync(join(dir, 'model.json'), JSON.stringify(m));
    return join(dir, 'model.json');
  };

  it('refuses ../ and absolute shard paths', async () => {
    writeFileSync(join(root, 'outside.bin'), tiny.weights);
    const up = modelDir('up', ['../outside.bin']);
    expect(await refusal(loadModelFromDisk(up))).toEqual([
      `${up}: weight file "../outside.bin" is outside the model's folder; weights must lie in model.json's own folder`,
    ]);
    const abs = modelDir('abs', [join(root, 'outside.bin')]);
    expect((await refusal(loadModelFromDisk(abs)))[0]).toMatch(/is outside the model's folder/);
  });

  it('refuses a shard that is a directory or a device, and one larger than the manifest, unread', async () => {
    const asDir = modelDir('asdir', ['weights.bin']);
    mkdirSync(join(root, 'asdir', 'weights.bin'));
    expect(await refusal(loadModelFromDisk(asDir))).toEqual([`weight file ${join(root, 'asdir', 'weights.bin')} is a directory, not a file`]);
    const dev = modelDir('dev', ['weights.bin']);
    symlinkSync('/dev/zero', join(root, 'dev', 'weights.bin'));
    expect(await refusal(loadModelFromDisk(dev))).toEqual([`weight file ${join(root, 'dev', 'weights.bin')} is a device, not a file`]);
    const long = modelDir('long', ['weights.bin']);
    writeFileSync(join(root, 'long', 'weights.bin'), new Uint8Array(tiny.weights.byteLength + 1));
    const n = tiny.weights.byteLength;
    expect(await refusal(loadModelFromDisk(long))).toEqual([
      `weights too long: weight file weights.bin is ${n + 1} bytes but the manifest leaves ${n} of its ${n} bytes for it`,
    ]);
  });
});

describe('shards by URL come only from the model folder, within their byte budget', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];
  const files = new Map<string, Uint8Array | string>();
  const withPaths = (paths: string[]): string => {
    const m = clone();
    m.weightsManifest[0].paths = paths;
    return JSON.stringify(m);
  };

  beforeAll(async () => {
    files.set('/m/weights.bin', tiny.weights);
    files.set('/secret.bin', tiny.weights);
    files.set('/up/model.json', withPaths(['../secret.bin']));
    files.set('/enc/model.json', withPaths(['..%2fsecret.bin']));
    files.set('/other/model.json', withPaths(['http://example.com/w.bin']));
    files.set('/data/model.json', withPaths(['data:application/octet-stream;base64,AAAA']));
    files.set('/proto/model.json', withPaths(['//example.com/w.bin']));
    files.set('/huge/model.json', withPaths(['weights.bin']));
    files.set('/endless/model.json', withPaths(['weights.bin']));
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/huge/weights.bin') {
        res.setHeader('content-length', String(600 * 1024 * 1024));
        res.flushHeaders();
        return; // never sends the body: the loader must refuse from the header
      }
      if (req.url === '/endless/weights.bin') {
        const chunk = new Uint8Array(64 * 1024);
        const timer = setInterval(() => {
          if (!res.write(chunk)) return;
        }, 1);
        res.on('close', () => clearInterval(timer));
        return;
      }
      const body = files.get(req.url ?? '');
      res.statusCode = body === undefined ? 404 : 200;
      res.end(body ?? 'Not Found');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((done) => server.close(() => done()));
  });

  const cases: [string, string][] = [
    ['/up/model.json', 'weight file "../secret.bin" is outside the folder'],
    ['/enc/model.json', 'weight file "..%2fsecret.bin" has an encoded or back slash'],
    ['/other/model.json', 'weight file "http://example.com/w.bin" is a http: URL'],
    ['/data/model.json', 'weight file "data:application/octet-stream;base64,AAAA" is a data: URL'],
    ['/proto/model.json', 'weight file "//example.com/w.bin" is on another site (http://example.com)'],
  ];
  for (const [path, why] of cases) {
    it(`refuses ${path} without requesting any shard`, async () => {
      requests.length = 0;
      expect(await refusal(loadModelFromUrl(`${base}${path}`))).toEqual([
        `${base}${path}: ${why}; weights must lie in model.json's own folder`,
      ]);
      expect(requests).toEqual([path]);
    });
  }

  it('refuses a data: or file: model URL outright', async () => {
    expect(await refusal(loadModelFromUrl('data:application/json,{}'))).toEqual([
      'data:application/json,{}: a model URL must be http or https, not data:',
    ]);
    expect(await refusal(loadModelFromUrl('file:///etc/passwd'))).toEqual(['file:///etc/passwd: a model URL must be http or https, not file:']);
  });

  it('refuses a 600 MB shard from its Content-Length, before reading it', async () => {
    const started = performance.now();
    expect(await refusal(loadModelFromUrl(`${base}/huge/model.json`))).toEqual([
      `weights too long: weight file weights.bin is 600 MB but the manifest leaves ${tiny.weights.byteLength} of its ${tiny.weights.byteLength} bytes for it`,
    ]);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('stops reading an endless shard once it passes the manifest size', async () => {
    const n = tiny.weights.byteLength;
    expect(await refusal(loadModelFromUrl(`${base}/endless/model.json`))).toEqual([
      `weights too long: weight file weights.bin is more than ${(n / 1024).toFixed(n / 1024 >= 10 ? 0 : 1)} kB but the manifest leaves ${n} of its ${n} bytes for it`,
    ]);
  });
});

describe('picked files', () => {
  it('refuses weight files larger than the manifest promises without reading them', async () => {
    const modelFile = new File([JSON.stringify(tiny.modelJson)], 'model.json');
    const big = new File([new Uint8Array(tiny.weights.byteLength + 4)], 'weights.bin');
    expect(await refusal(loadModelFromFiles([modelFile, big]))).toEqual([
      `weights too long: the manifest expects ${tiny.weights.byteLength} bytes, the chosen weight files hold ${tiny.weights.byteLength + 4}`,
    ]);
  });
});
