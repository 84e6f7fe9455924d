// Hostile and broken CLI inputs: each exits 2 with one exact line, quickly, writes nothing,
// and leaves no folder it made behind.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJpeg, encodePng } from '../files/image';
import { serializeModel, TINY_DESCRIPTOR, tinySegModel, writeModelDir } from '../model/loadTestModels';
import { initBackend } from '../engine/backends';
import { main } from './cam';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

let root: string;
let modelPath: string;
let imagePath: string;

async function cam(argv: string[]): Promise<{ code: number; err: string[]; out: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out, err };
}

/** A PNG whose IHDR claims width×height, with one tiny IDAT and IEND: the 69-byte bomb. */
function pngClaiming(width: number, height: number): Uint8Array {
  const small = encodePng(new Uint8Array(3), 1, 1, 3);
  const bytes = new Uint8Array(small);
  const view = new DataView(bytes.buffer);
  view.setUint32(16, width);
  view.setUint32(20, height);
  return bytes;
}

/** A JPEG whose frame header claims width×height. */
function jpegClaiming(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(encodeJpeg(new Uint8Array(8 * 8 * 3).fill(90), 8, 8));
  for (let i = 2; i < bytes.length - 9; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xc0) {
      new DataView(bytes.buffer).setUint16(i + 5, height);
      new DataView(bytes.buffer).setUint16(i + 7, width);
      return bytes;
    }
  }
  throw new Error('no SOF0 marker');
}

beforeAll(async () => {
  await initBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'segcam-hostile-cli-'));
  modelPath = await writeModelDir(join(root, 'tiny'), tinySegModel({ seed: 3 }), TINY_DESCRIPTOR);
  imagePath = join(root, 'image.png');
  writeFileSync(imagePath, encodePng(new Uint8Array(8 * 16 * 3).fill(120), 8, 16, 3));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const base = (): string[] => ['--model', modelPath, '--class', 'road', '--all', '--backend', 'cpu'];

describe('--out is checked before any work', () => {
  it('refuses an empty, file, under-a-file, device and /proc output, exit 2, one line', async () => {
    writeFileSync(join(root, 'a-file'), 'x');
    const cases: [string, string][] = [
      ['', 'cam: --out is empty: name an output folder'],
      [join(root, 'a-file'), `cam: --out ${join(root, 'a-file')} is a file, not a folder`],
      [join(root, 'a-file', 'sub'), `cam: --out ${join(root, 'a-file', 'sub')}: a part of this path is a file, not a folder`],
      ['/dev/null', 'cam: --out /dev/null is a device, not a folder'],
      ['/proc/x', 'cam: --out /proc/x: cannot create /proc/x (ENOENT)'],
      ['/proc', 'cam: --out /proc: cannot write files there (ENOENT)'],
    ];
    for (const [out, line] of cases) {
      // A missing image too: the output check must come first.
      const run = await cam([...base(), '--image', join(root, 'no-such.png'), '--out', out]);
      expect({ out, code: run.code, err: run.err }).toEqual({ out, code: 2, err: [line] });
    }
  });

  it('removes the folder it made when the run fails later', async () => {
    const out = join(root, 'made', 'deeper');
    const run = await cam(['--model', modelPath, '--class', 'bus', '--all', '--backend', 'cpu', '--image', imagePath, '--out', out]);
    expect(run).toEqual({ code: 2, out: [], err: ['cam: unknown --class "bus"; classes: sky, road, car'] });
    expect(existsSync(join(root, 'made'))).toBe(false);
  });

  it('writes nothing when one output cannot be written (summary.json is a folder)', async () => {
    const out = join(root, 'blocked');
    mkdirSync(join(out, 'summary.json'), { recursive: true });
    const run = await cam([...base(), '--image', imagePath, '--out', out]);
    expect(run.err).toEqual([`cam: cannot write ${join(out, 'summary.json')}: it exists and is a folder`]);
    expect(run.code).toBe(2);
    expect(readdirSync(out)).toEqual(['summary.json']);
  });

  it('as a process, --out /proc/x exits 2 at once instead of hanging', () => {
    const started = performance.now();
    const run = spawnSync(join(REPO, 'node_modules/.bin/tsx'), ['src/cli/cam.ts', '--image', 'x.png', '--all', '--class', '0', '--out', '/proc/x'], {
      cwd: REPO, encoding: 'utf8', timeout: 15000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(['cam: --out /proc/x: cannot create /proc/x (ENOENT)']);
    expect(performance.now() - started).toBeLessThan(15000);
  });
});

describe('images and masks', () => {
  const write = (name: string, bytes: Uint8Array | string): string => {
    const path = join(root, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('refuses each bad image with one exact line', async () => {
    const png = readFileSync(imagePath);
    const jpeg = encodeJpeg(new Uint8Array(8 * 16 * 3).fill(60), 8, 16);
    mkdirSync(join(root, 'a-dir'), { recursive: true });
    const corrupt = new Uint8Array(png);
    const idat = Buffer.from(corrupt).indexOf('IDAT');
    corrupt.fill(0x55, idat + 4, idat + 12); // zlib data scrambled, chunk structure intact
    const cases: [string, string][] = [
      ['/dev/zero', 'cam: image /dev/zero is a device, not a file'],
      [join(root, 'a-dir'), `cam: image ${join(root, 'a-dir')} is a directory, not a file`],
      [write('bomb.png', pngClaiming(30000, 30000)), `cam: cannot use image ${join(root, 'bomb.png')}: the image is 30000×30000 pixels; images may have at most 16,777,216 pixels (4096×4096)`],
      [write('bomb.jpg', jpegClaiming(60000, 60000)), `cam: cannot use image ${join(root, 'bomb.jpg')}: the image is 60000×60000 pixels; images may have at most 16,777,216 pixels (4096×4096)`],
      [write('cut.png', png.subarray(0, png.length - 20)), `cam: cannot use image ${join(root, 'cut.png')}: the PNG file is truncated (its IDAT chunk is cut short)`],
      [write('cut.jpg', jpeg.subarray(0, jpeg.length - 4)), `cam: cannot use image ${join(root, 'cut.jpg')}: the JPEG file is truncated (it has no end-of-image marker)`],
      [write('head.jpg', jpeg.subarray(0, 30)), `cam: cannot use image ${join(root, 'head.jpg')}: the JPEG file is truncated (a header segment is cut short)`],
      [write('empty.png', ''), `cam: cannot use image ${join(root, 'empty.png')}: the file is empty`],
      [write('text.png', 'hello'), `cam: cannot use image ${join(root, 'text.png')}: not a PNG or JPEG file`],
      [write('zero.png', pngClaiming(0, 5)), `cam: cannot use image ${join(root, 'zero.png')}: the PNG header gives a size of 0×5`],
    ];
    for (const [image, line] of cases) {
      const run = await cam([...base(), '--image', image, '--out', join(root, 'out-images')]);
      expect({ image, code: run.code, err: run.err }).toEqual({ image, code: 2, err: [line] });
    }
    const scrambled = await cam([...base(), '--image', write('scrambled.png', corrupt), '--out', join(root, 'out-images')]);
    expect(scrambled.code).toBe(2);
    expect(scrambled.err).toEqual([`cam: cannot use image ${join(root, 'scrambled.png')}: the PNG file is damaged: its image data cannot be decoded`]);
  });

  it('refuses a FIFO as image without blocking, and a mask that is a device', async () => {
    const fifo = join(root, 'fifo.png');
    spawnSync('mkfifo', [fifo]);
    const run = await cam([...base(), '--image', fifo, '--out', join(root, 'out-fifo')]);
    expect(run.err).toEqual([`cam: image ${fifo} is a pipe, not a file`]);
    const mask = await cam(['--model', modelPath, '--class', 'road', '--mask', '/dev/zero', '--backend', 'cpu', '--image', imagePath, '--out', join(root, 'out-mask')]);
    expect(mask.err).toEqual(['cam: mask /dev/zero is a device, not a file']);
    expect(mask.code).toBe(2);
  });
});

describe('models and descriptors', () => {
  it('refuses descriptor input sizes past the limit, and descriptors that are devices or huge', async () => {
    const dynamic = await writeModelDir(join(root, 'dynamic'), tinySegModel({ height: null, width: null }));
    const descriptor = join(root, 'dynamic', 'segcam.json');
    const limit = 'is larger than the limit for a model input (each side at most 4096, at most 1024×2048 = 2,097,152 pixels)';
    for (const side of [6000, 100000]) {
      writeFileSync(descriptor, JSON.stringify({ ...TINY_DESCRIPTOR, input: { height: side, width: side } }));
      const run = await cam(['--model', dynamic, '--class', '0', '--all', '--backend', 'cpu', '--image', imagePath, '--out', join(root, 'o')]);
      expect(run.err).toEqual([`cam: ${descriptor}: input: ${side}×${side} ${limit}`]);
      expect(run.code).toBe(2);
    }
    const devRun = await cam([...base(), '--descriptor', '/dev/zero', '--image', imagePath, '--out', join(root, 'o')]);
    expect(devRun.err).toEqual(['cam: descriptor /dev/zero is a device, not a file']);
    writeFileSync(join(root, 'big.json'), ' '.repeat(2 * 1024 * 1024));
    const bigRun = await cam([...base(), '--descriptor', join(root, 'big.json'), '--image', imagePath, '--out', join(root, 'o')]);
    expect(bigRun.err).toEqual([`cam: descriptor ${join(root, 'big.json')} is 2.0 MB; the limit is 1.0 MB`]);
  });

  it('refuses a cyclic model in well under 15 s, and a weights.bin that is a folder', async () => {
    const { modelJson, weights } = await serializeModel(tinySegModel());
    const dir = join(root, 'cyclic');
    mkdirSync(dir);
    const layers = (modelJson.modelTopology as { config: { layers: { name: string; inbound_nodes: unknown[] }[] } }).config.layers;
    (layers.find((l) => l.name === 'enc') as { inbound_nodes: unknown[] }).inbound_nodes = [[['dec', 0, 0, {}]]];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
    writeFileSync(join(dir, 'weights.bin'), weights);
    const started = performance.now();
    const run = await cam(['--model', join(dir, 'model.json'), '--class', '0', '--all', '--backend', 'cpu', '--image', imagePath, '--out', join(root, 'o')]);
    expect(run.err).toEqual([`cam: ${join(dir, 'model.json')}: modelTopology: the layers form a cycle: enc → pool → mid → up → cat → dec → enc`]);
    expect(run.code).toBe(2);
    expect(performance.now() - started).toBeLessThan(15000);

    const folderDir = join(root, 'folder-weights');
    await writeModelDir(folderDir, tinySegModel());
    rmSync(join(folderDir, 'weights.bin'));
    mkdirSync(join(folderDir, 'weights.bin'));
    const folderRun = await cam(['--model', join(folderDir, 'model.json'), '--class', '0', '--all', '--backend', 'cpu', '--image', imagePath, '--out', join(root, 'o')]);
    expect(folderRun.err).toEqual([`cam: weight file ${join(folderDir, 'weights.bin')} is a directory, not a file`]);
    expect(folderRun.code).toBe(2);
  });

  it('refuses a shard path leaving the model folder, even through a symlinked model.json', async () => {
    const { modelJson, weights } = await serializeModel(tinySegModel());
    const dir = join(root, 'escape');
    mkdirSync(dir);
    writeFileSync(join(root, 'stolen.bin'), weights);
    modelJson.weightsManifest[0].paths = ['../stolen.bin'];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
    symlinkSync(join(dir, 'model.json'), join(root, 'link.json'));
    const run = await cam(['--model', join(dir, 'model.json'), '--class', '0', '--all', '--backend', 'cpu', '--image', imagePath, '--out', join(root, 'o')]);
    expect(run.err).toEqual([`cam: ${join(dir, 'model.json')}: weight file "../stolen.bin" is outside the model's folder; weights must lie in model.json's own folder`]);
    expect(run.code).toBe(2);
  });
});
