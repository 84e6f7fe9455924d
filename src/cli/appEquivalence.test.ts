// The same file gives the same model input and the same heatmaps in the CLI and in the app.
// The app side is the real store-to-worker bridge driving the real worker service in Node;
// only the browser's PNG decoder is stood in for by the CLI's (PNG is lossless, so both give
// the file's own pixels).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGreyPng, decodeImageRgba, encodePng, readImageRgba } from '../files/image';
import { decodeNpy } from '../formats/npy';
import { TINY_DESCRIPTOR, tinySegModel, writeModelDir } from '../model/loadTestModels';
import { loadModelFromDisk } from '../model/loadModelNode';
import { ExplainerService } from '../worker/explainerService';
import { WorkerBridge } from '../state/bridge/workerBridge';
import type { WorkerClient } from '../state/bridge/workerClient';
import { initialState, useAppStore, type DisplayImage } from '../state/store';
import { fitImage } from '../imaging/fitImage';
import { pixelMask } from '../mask/mask';
import { initBackend } from '../engine/backends';
import { main } from './cam';

// 43×19 onto the tiny model's 16×8 input: a resize by 2.69 and 2.375, no whole factor.
const IMAGE = { height: 19, width: 43 };
const INPUT = { height: 8, width: 16 };
const PIXEL = { row: 3, col: 5 };

let root: string;
let modelPath: string;
let imagePath: string;

function toDisplay(bytes: Uint8Array): DisplayImage {
  const { rgba, height, width } = decodeImageRgba(bytes);
  return { rgba: new Uint8ClampedArray(rgba.buffer, rgba.byteOffset, rgba.byteLength), height, width };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  await initBackend('cpu');
  root = mkdtempSync(join(tmpdir(), 'segcam-equivalence-'));
  modelPath = await writeModelDir(join(root, 'tiny'), tinySegModel({ seed: 5 }), TINY_DESCRIPTOR);
  const rgb = new Uint8Array(IMAGE.height * IMAGE.width * 3).map((_, i) => (i * 53 + ((i / 97) | 0) * 29) % 256);
  imagePath = join(root, 'photo.png');
  writeFileSync(imagePath, encodePng(rgb, IMAGE.height, IMAGE.width, 3));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('CLI and app', () => {
  it('feed the model the same pixels and give bit-identical heatmaps for a resized image', async () => {
    // The CLI, on cpu, every layer, the pixel's predicted class.
    const out = join(root, 'cli');
    const lines: string[] = [];
    const code = await main(['--model', modelPath, '--image', imagePath, '--pixel', `${PIXEL.row},${PIXEL.col}`, '--all-layers', '--backend', 'cpu', '--out', out], {
      stdout: (l) => lines.push(l),
      stderr: (l) => lines.push(l),
    });
    expect(lines.join('\n')).not.toMatch(/^cam:/m);
    expect(code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      class: { index: number };
      image: { resized: boolean };
      layers: { name: string; npy: string }[];
    };
    expect(summary.image.resized).toBe(true);

    // The app: the bridge, the worker service, the store; the file opened as a local image.
    useAppStore.setState(initialState());
    const service = new ExplainerService({
      fromUrl: () => loadModelFromDisk(modelPath),
      fromFiles: () => Promise.reject(new Error('not used')),
    });
    const modelInputs: Uint8Array[] = [];
    const worker: WorkerClient = {
      start: (options, onProgress) => service.start(options, onProgress),
      loadModelFromUrl: (url) => service.loadModelFromUrl(url),
      loadModelFromFiles: (files) => service.loadModelFromFiles(files),
      setImage: (rgb, height, width) => {
        modelInputs.push(rgb.slice());
        return service.setImage(rgb, height, width);
      },
      segment: () => service.segment(),
      explain: (request) => service.explain(request),
    };
    const blank: DisplayImage = { rgba: new Uint8ClampedArray(INPUT.height * INPUT.width * 4).fill(255), ...INPUT };
    const bridge = new WorkerBridge({
      worker,
      store: useAppStore,
      baseUrl: 'http://localhost/',
      fetch: () => Promise.reject(new Error('no network')),
      images: { scene: () => blank, decode: async (blob) => toDisplay(new Uint8Array(await blob.arrayBuffer())) },
    });
    const state = () => useAppStore.getState();
    try {
      await bridge.start({ backend: 'cpu', wasmPaths: '' });
      await until(() => state().segmentation !== null, 'the opening scene');
      await bridge.openImageBlob(new Blob([readFileSync(imagePath)]), 'photo.png');
      await until(() => state().segmentation !== null && state().image?.width === IMAGE.width, 'the photo');
      const output = state().model!.outputSize;
      state().setMask(pixelMask(output, PIXEL), PIXEL.row * output.width + PIXEL.col);
      await until(() => state().explanation !== null, 'the explanation');

      // Model input: what the app sent equals what the CLI's own reading and fitting give.
      const cliInput = fitImage(readImageRgba(imagePath), INPUT, 'stretch').rgb;
      expect(Array.from(modelInputs.at(-1)!)).toEqual(Array.from(cliInput));

      // Segmentation and heatmaps, bit for bit.
      expect(Array.from(state().segmentation!.labels)).toEqual(Array.from(decodeGreyPng(readFileSync(join(out, 'prediction.png'))).values));
      const explanation = state().explanation!;
      expect(explanation.classIndex).toBe(summary.class.index);
      expect(explanation.layers.map((l) => l.layer)).toEqual(summary.layers.map((l) => l.name));
      let nonZero = 0;
      for (const layer of summary.layers) {
        const cli = decodeNpy(readFileSync(join(out, layer.npy))).data;
        const app = explanation.layers.find((l) => l.layer === layer.name)!.cam;
        expect(Array.from(app), layer.name).toEqual(Array.from(cli));
        nonZero += app.some((v) => v > 0) ? 1 : 0;
      }
      expect(nonZero).toBeGreaterThan(0);
    } finally {
      bridge.dispose();
    }
  });
});
