import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGreyPng, decodeImage, decodeImageRgba, encodePng } from '../files/image';
import { fitImage } from '../imaging/fitImage';
import { decodeNpy } from '../formats/npy';
import { TINY_DESCRIPTOR, tinySegModel, writeModelDir } from '../model/loadTestModels';
import { initBackend } from '../engine/backends';
import { main } from './cam';

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function cam(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

interface LayerSummary {
  name: string;
  shape: [number, number, number];
  role: string;
  alpha: number[];
  rawMax: number;
  camMax: number;
  npy: string;
}
interface Summary {
  maskSize: number;
  class: { index: number; name: string };
  backend: string;
  timings: Record<string, number>;
  layers: LayerSummary[];
}
const readSummary = (dir: string): Summary => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;

let root: string;
let modelPath: string;
let halfResModelPath: string;
let imagePath: string;
const descriptor = TINY_DESCRIPTOR;

/** Output at half the input resolution, to check coordinate mapping and prediction.png resizing. */
function halfResModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [8, 16, 3] });
  const enc = tfl.layers.conv2d({ name: 'enc', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }).apply(input) as tfl.SymbolicTensor;
  const pool = tfl.layers.maxPooling2d({ name: 'pool', poolSize: 2 }).apply(enc) as tfl.SymbolicTensor;
  const logits = tfl.layers.conv2d({ name: 'logits', filters: 2, kernelSize: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }).apply(pool) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits });
}

beforeAll(async () => {
  await initBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'segcam-cli-'));
  modelPath = await writeModelDir(join(root, 'tiny'), tinySegModel({ seed: 11 }), descriptor);
  halfResModelPath = await writeModelDir(join(root, 'half'), halfResModel());
  // A 20×40 photo-like image (the CLI resizes it to 8×16).
  const rgb = new Uint8Array(20 * 40 * 3).map((_, i) => (i * 37 + ((i / 120) | 0) * 11) % 256);
  imagePath = join(root, 'image.png');
  writeFileSync(imagePath, encodePng(rgb, 20, 40, 3));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('cam CLI on a tiny model', () => {
  it('explains all layers on wasm: .npy at layer resolution equal to ReLU(Σ α A), PNGs and summary', async () => {
    const out = join(root, 'all-layers');
    const run = await cam(['--model', modelPath, '--image', imagePath, '--class', 'road', '--all', '--all-layers', '--out', out]);
    // Seg-Grad-CAM at the input of the 1×1 head is the class logit less its bias, at the logits
    // ReLU(logit): kept as data, said, not drawn.
    expect(run.err).toHaveLength(2);
    expect(run.err[0]).toMatch(/^warning: dec: This layer feeds a 1×1 output layer.*the class score itself.*no dec\.png written/);
    expect(run.err[1]).toMatch(/^warning: logits: At the output layer only the class channel has a weight.*no logits\.png written/);
    expect(run.code).toBe(0);
    expect(run.out).toHaveLength(1);
    const summary = readSummary(out);
    expect(summary.backend).toBe('wasm');
    expect(summary.class).toEqual({ index: 1, name: 'road' });
    expect(summary.maskSize).toBe(8 * 16);
    expect(summary.layers.map((l) => l.name)).toEqual(['enc', 'pool', 'mid', 'up', 'cat', 'dec', 'logits']);
    expect(Object.keys(summary.timings).sort()).toEqual(['explainMs', 'loadMs', 'predictMs', 'totalMs']);

    // Independent check of the .npy against activations from a sub-model and the reported α.
    const model = tinySegModel({ seed: 11 });
    const rgb = decodeImage(readFileSync(imagePath));
    expect([rgb.width, rgb.height]).toEqual([40, 20]);
    for (const layer of summary.layers) {
      const npy = decodeNpy(readFileSync(join(out, layer.npy)));
      expect(npy.dtype).toBe('float32');
      expect(npy.shape).toEqual([layer.shape[0], layer.shape[1]]);
      expect(layer.alpha).toHaveLength(layer.shape[2]);
      const max = Math.max(...npy.data);
      expect(max).toBeCloseTo(layer.camMax, 5);
      expect(Math.min(...npy.data)).toBeGreaterThanOrEqual(0);
      if (layer.name === 'logits' || layer.name === 'dec') {
        expect(existsSync(join(out, `${layer.name}.png`))).toBe(false);
        expect((layer as LayerSummary & { fenced?: string }).fenced).toMatch(layer.name === 'logits' ? /ReLU\(logit/ : /class score itself/);
        continue;
      }
      const png = decodeImage(readFileSync(join(out, `${layer.name}.png`)));
      expect([png.width, png.height]).toEqual([16, 8]);
    }
    // Recompute the model input as the app does (the CLI now fits images the same way).
    const fitted = fitImage(decodeImageRgba(readFileSync(imagePath)), { height: 8, width: 16 }, 'stretch');
    const x = tf.div(tf.tensor4d(fitted.rgb, [1, 8, 16, 3], 'float32'), 255);
    for (const name of ['enc', 'mid', 'dec']) {
      const layer = summary.layers.find((l) => l.name === name) as LayerSummary;
      const sub = tfl.model({ inputs: model.inputs, outputs: model.getLayer(name).output as tfl.SymbolicTensor });
      const expected = tf.tidy(() => tf.relu(tf.sum(tf.mul(sub.predict(x) as tf.Tensor, layer.alpha), -1)).dataSync());
      const npy = decodeNpy(readFileSync(join(out, layer.npy))).data;
      for (let i = 0; i < npy.length; i++) expect(npy[i]).toBeCloseTo(expected[i], 4);
    }
    x.dispose();
    const prediction = decodeGreyPng(readFileSync(join(out, 'prediction.png')));
    expect([prediction.width, prediction.height]).toEqual([16, 8]);
    expect(Math.max(...prediction.values)).toBeLessThan(3);
  });

  it('explains the predicted pixels of a class, and a painted mask, on cpu', async () => {
    const first = join(root, 'first');
    expect((await cam(['--model', modelPath, '--image', imagePath, '--pixel', '3,5', '--backend', 'cpu', '--out', first])).code).toBe(0);
    const labels = decodeGreyPng(readFileSync(join(first, 'prediction.png'))).values;
    const summary = readSummary(first);
    expect(summary.backend).toBe('cpu');
    expect(summary.class.index).toBe(labels[3 * 16 + 5]); // --pixel without --class: the class predicted there
    expect(summary.layers.map((l) => l.name)).toEqual(['mid']); // the descriptor's defaultLayer

    const predicted = join(root, 'predicted');
    const c = labels[3 * 16 + 5];
    const run = await cam(['--model', modelPath, '--image', imagePath, '--class', String(c), '--predicted', '--backend', 'cpu', '--layer', 'enc,dec', '--method', 'layer-cam', '--out', predicted]);
    expect(run.code).toBe(0);
    expect(readSummary(predicted).maskSize).toBe(labels.filter((l) => l === c).length);
    // dec feeds the 1×1 logits: LayerCAM there is zero outside M by construction, so it is fenced (no PNG).
    expect(readdirSync(predicted).sort()).toEqual(['dec.npy', 'enc.npy', 'enc.png', 'prediction.png', 'summary.json']);
    const decMap = decodeNpy(readFileSync(join(predicted, 'dec.npy'))).data;
    decMap.forEach((v, i) => expect(v === 0 || labels[i] === c).toBe(true));
    expect(run.err.some((l) => /^warning: dec: .*can only light M/.test(l))).toBe(true);

    // a 4×8 mask with one white pixel covers 2×2 output pixels
    const maskRgb = new Uint8Array(4 * 8 * 3);
    maskRgb.fill(255, 3 * (1 * 8 + 2), 3 * (1 * 8 + 2) + 3);
    writeFileSync(join(root, 'mask.png'), encodePng(maskRgb, 4, 8, 3));
    const masked = join(root, 'masked');
    expect((await cam(['--model', modelPath, '--image', imagePath, '--class', 'car', '--mask', join(root, 'mask.png'), '--backend', 'cpu', '--out', masked])).code).toBe(0);
    expect(readSummary(masked).maskSize).toBe(4);
  });

  it('maps --pixel to a smaller output and writes prediction.png at input resolution', async () => {
    const out = join(root, 'half-out');
    const run = await cam(['--model', halfResModelPath, '--image', imagePath, '--class', '0', '--pixel', '7,15', '--layer', 'enc', '--backend', 'cpu', '--out', out]);
    expect(run.err.filter((l) => !l.startsWith('warning:'))).toEqual([]);
    expect(run.code).toBe(0);
    const prediction = decodeGreyPng(readFileSync(join(out, 'prediction.png')));
    expect([prediction.width, prediction.height]).toEqual([16, 8]);
    expect(prediction.values[0]).toBe(prediction.values[1 * 16 + 1]); // one output pixel covers 2×2
    expect(decodeNpy(readFileSync(join(out, 'enc.npy'))).shape).toEqual([8, 16]);
  });

  it('exits 2 with a one-line reason for bad arguments and input', async () => {
    const cases: [string[], RegExp][] = [
      [['--image', imagePath, '--out', root, '--all'], /--class <name\|index> is required/],
      [['--model', modelPath, '--image', imagePath, '--class', 'bus', '--all', '--backend', 'cpu', '--out', root], /unknown --class "bus"; classes: sky, road, car/],
      [['--model', modelPath, '--image', imagePath, '--class', '1', '--all', '--layer', 'nope', '--backend', 'cpu', '--out', root], /unknown --layer nope; explainable layers: enc, pool, mid/],
      [['--model', modelPath, '--image', imagePath, '--class', '1', '--pixel', '8,0', '--backend', 'cpu', '--out', root], /outside the model input 8×16/],
      [['--model', halfResModelPath, '--image', imagePath, '--class', 'zzz', '--all', '--backend', 'cpu', '--out', root], /unknown --class "zzz"; classes: class 0, class 1$/],
      [['--model', join(root, 'none.json'), '--image', imagePath, '--class', '1', '--all', '--backend', 'cpu', '--out', root], /model file not found/],
      [['--model', modelPath, '--image', modelPath, '--class', '1', '--all', '--backend', 'cpu', '--out', root], /cannot use image .*: not a PNG or JPEG file$/],
      [['--model', modelPath, '--image', join(root, 'missing.png'), '--class', '1', '--all', '--out', root], /image not found: .*missing.png$/],
    ];
    for (const [argv, message] of cases) {
      const run = await cam(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.err).toHaveLength(1);
      expect(run.err[0]).toMatch(message);
      expect(run.err[0]).not.toContain('\n');
    }
  });

  it('as a process: exit code 2 and one stderr line; --help exits 0', () => {
    const tsx = join(REPO, 'node_modules/.bin/tsx');
    const bad = spawnSync(tsx, ['src/cli/cam.ts', '--image', 'x.png', '--pixel', 'a,b', '--out', root], { cwd: REPO, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual(['cam: --pixel expects ROW,COL (two non-negative integers), got "a,b"']);
    const help = spawnSync(tsx, ['src/cli/cam.ts', '--help'], { cwd: REPO, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: npm run cam/);
  });
});

describe.skipIf(!existsSync(FIXTURES))('cam CLI on ESPNet and a KITTI photo (fixtures)', () => {
  it('predicts road at the bottom centre and a non-empty car heatmap over predicted cars', async () => {
    const out = join(root, 'espnet');
    const run = await cam([
      '--model', join(FIXTURES, 'espnet-cityscapes/model.json'),
      '--image', join(FIXTURES, 'kitti/demo2_384x768.png'),
      '--class', 'car', '--predicted', '--layer', 'b3_prelu', '--out', out,
    ]);
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    const prediction = decodeGreyPng(readFileSync(join(out, 'prediction.png')));
    const { width: W, height: H, values } = prediction;
    expect([H, W]).toEqual([384, 768]);
    const counts = new Map<number, number>();
    for (let r = Math.ceil(0.7 * H); r < H; r++) {
      for (let c = Math.ceil(0.25 * W); c < 0.6 * W; c++) counts.set(values[r * W + c], (counts.get(values[r * W + c]) ?? 0) + 1);
    }
    const majority = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    expect(majority).toBe(0); // road
    const summary = readSummary(out);
    expect(summary.class.name).toBe('car');
    expect(summary.maskSize).toBeGreaterThan(1000);
    const layer = summary.layers[0];
    expect(layer.name).toBe('b3_prelu');
    expect(layer.shape).toEqual([48, 96, 256]);
    expect(layer.camMax).toBeGreaterThan(0);
    expect(decodeNpy(readFileSync(join(out, 'b3_prelu.npy'))).shape).toEqual([48, 96]);
  });
});
