import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeGreyPng } from '../files/image';
import { decodeNpy } from '../formats/npy';
import { main } from './cam';

// `npm run cam` with ONNX models: a committed PyTorch fixture, and the real ESPNet export from
// ../shared/fixtures on a KITTI photo (skipped when that folder is absent).

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));
const TINY = fileURLToPath(new URL('../engine/onnx/fixtures/tiny-unet.onnx', import.meta.url));
const ESPNET = `${FIXTURES}/espnet-onnx/espnet.onnx`;
const KITTI = `${FIXTURES}/kitti/demo2_384x768.png`;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function cam(argv: string[]): Promise<{ code: number; err: string[]; out: string }> {
  const out = mkdtempSync(join(tmpdir(), 'cam-onnx-'));
  dirs.push(out);
  const err: string[] = [];
  const code = await main([...argv, '--out', out], { stdout: () => undefined, stderr: (l) => err.push(l) });
  return { code, err, out };
}

/** A 64×48 test image. */
function photo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cam-onnx-image-'));
  dirs.push(dir);
  const png = new PNG({ width: 64, height: 48 });
  png.data.forEach((_v, i) => (png.data[i] = i % 4 === 3 ? 255 : (i * 53) % 256));
  writeFileSync(join(dir, 'photo.png'), PNG.sync.write(png));
  return join(dir, 'photo.png');
}

interface Summary {
  layers: { name: string; npy: string; shape: number[] }[];
}

describe('cam with an ONNX model', () => {
  it('takes --layer as ONNX tensor names, writes sanitised .npy names and maps them in summary.json', async () => {
    const layers = ['/bottleneck/bottleneck.2/Relu_output_0', '/dec2/dec2.1/Elu_output_0'];
    const args = ['--model', TINY, '--image', photo(), '--class', '1', '--all', '--backend', 'cpu'];
    const run = await cam([...args, ...layers.flatMap((l) => ['--layer', l])]);
    expect(run.err.filter((l) => !l.startsWith('warning'))).toEqual([]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(run.out, 'summary.json'), 'utf8')) as Summary;
    expect(summary.layers.map((l) => l.name)).toEqual(layers);
    for (const layer of summary.layers) {
      expect(layer.npy).toMatch(/^[A-Za-z0-9._-]+\.npy$/);
      const npy = decodeNpy(readFileSync(join(run.out, layer.npy)));
      expect(npy.shape).toEqual(layer.shape.slice(0, 2));
    }
  }, 60_000);

  it('refuses an unknown tensor name and lists the explainable ones', async () => {
    const run = await cam(['--model', TINY, '--image', photo(), '--class', '0', '--all', '--layer', 'relu9', '--backend', 'cpu']);
    expect(run.code).toBe(2);
    expect(run.err.join('\n')).toMatch(/unknown --layer relu9; explainable layers: .*\/enc2\/enc2\.2\/Relu_output_0/);
  });
});

describe.skipIf(!existsSync(ESPNET) || !existsSync(KITTI))('cam with the real ESPNet ONNX export (../shared/fixtures)', () => {
  it('segments the KITTI photo as road at the bottom centre and explains road there', async () => {
    const run = await cam(['--model', ESPNET, '--image', KITTI, '--pixel', '370,384', '--layer', '/b3/act/PRelu_output_0', '--backend', 'wasm']);
    expect(run.code).toBe(0);
    const labels = decodeGreyPng(readFileSync(join(run.out, 'prediction.png')));
    let road = 0;
    let total = 0;
    for (let r = Math.floor(labels.height * 0.7); r < labels.height; r++) {
      for (let c = Math.floor(labels.width * 0.25); c < Math.floor(labels.width * 0.6); c++) {
        total++;
        if (labels.values[r * labels.width + c] === 0) road++;
      }
    }
    expect(road / total).toBeGreaterThan(0.8);
    const summary = JSON.parse(readFileSync(join(run.out, 'summary.json'), 'utf8')) as Summary & { class: { name: string } };
    expect(summary.class.name).toBe('road');
    const map = decodeNpy(readFileSync(join(run.out, summary.layers[0].npy)));
    expect(map.shape).toEqual([48, 96]);
    expect(Math.max(...map.data)).toBeGreaterThan(0);
    expect([...map.data].every(Number.isFinite)).toBe(true);
  }, 180_000);
});
