// `npm run bench:peer`: the shipped U-Net in the engine (Node, wasm) and in PyTorch
// (bench/peer/unet_peer.py, Debian's python3-torch): forward and a one-pass explanation of every
// layer, side by side, and how far PyTorch's α and maps are from ours. Optional: never in CI.
//   npm run bench:peer -- [--runs 3] [--python /usr/bin/python3]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../engine/backends';
import { Explainer } from '../engine/explainer';
import { toModelInput } from '../engine/preprocess';
import { loadModelFromDisk } from '../model/loadModelNode';
import { generateScene } from '../scenes/generate';
import { DEFAULT_MODEL } from './cam';

const PEER = fileURLToPath(new URL('../../bench/peer/unet_peer.py', import.meta.url));
const SCENE_SEED = 330;
const CAR = 13;

interface PeerResult {
  torch: string;
  score: number;
  layers: number;
  rows: { threads: number; forwardMs: number; allLayersMs: number }[];
  worstAlpha: [number, string];
  worstRaw: [number, string];
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

const base64 = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[times.length >> 1];
}

async function main(argv: readonly string[]): Promise<number> {
  const runs = Math.max(1, Number(option(argv, '--runs') ?? 3));
  const python = option(argv, '--python') ?? process.env.PYTHON ?? '/usr/bin/python3';
  try {
    execFileSync(python, ['-c', 'import torch'], { stdio: 'ignore' });
  } catch {
    process.stderr.write(`bench:peer: ${python} cannot import torch (Debian: apt-get install python3-torch)\n`);
    return 2;
  }
  tf.env().set('PROD', true);
  await initBackend('wasm');
  const { model, descriptor } = await loadModelFromDisk(DEFAULT_MODEL);
  const { height, width } = descriptor.input;
  const explainer = Explainer.create(model, { inputSize: descriptor.input, output: descriptor.output });
  const scene = generateScene(SCENE_SEED, { width, height });
  const input = toModelInput(scene.image, height, width, 3, descriptor.preprocess);
  const out = explainer.outputSize;
  const mask = Uint8Array.from(scene.labels, (label) => (label === CAR ? 1 : 0));
  const target = { classIndex: CAR, mask };
  const dir = mkdtempSync(join(tmpdir(), 'bench-peer-'));
  try {
    // A copy is a new image to the explainer, so both timings include the whole forward pass,
    // as PyTorch's do (on the same image twice the engine reuses its convolutions).
    const onCopy = async <T>(fn: (image: tf.Tensor4D) => Promise<T>): Promise<T> => {
      const image = tf.clone(input);
      try {
        return await fn(image);
      } finally {
        image.dispose();
      }
    };
    const forwardMs = await median(runs, () =>
      onCopy(async (image) => {
        const logits = explainer.predict(image);
        await logits.data();
        logits.dispose();
      }),
    );
    const allLayersMs = await median(runs, () => onCopy((image) => explainer.explain(image, target)));
    // The maps compared with PyTorch are a click's: explained after segmenting, reusing the forward pass.
    await explainer.segment(input);
    const [explanation] = await explainer.explain(input, target);
    const request = {
      modelDir: dirname(DEFAULT_MODEL),
      height,
      width,
      outHeight: out.height,
      outWidth: out.width,
      input: base64(await input.data()),
      mask: base64(mask),
      classIndex: CAR,
      threads: [1, 2],
      runs,
      ours: Object.fromEntries(explanation.layers.map((l) => [l.layer, { alpha: base64(l.alpha), raw: base64(l.raw) }])),
    };
    const file = join(dir, 'request.json');
    writeFileSync(file, JSON.stringify(request));
    process.stderr.write(`running the PyTorch peer (${python})…\n`);
    const peer = JSON.parse(execFileSync(python, [PEER, file], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop()!) as PeerResult;
    const lines = [
      `shipped U-Net ${height}×${width}, scene ${SCENE_SEED}, class car (|M| = ${mask.reduce((a, b) => a + b, 0)}), ` +
        `${explanation.layers.length} layers, Seg-Grad-CAM; medians of ${runs} runs`,
      '| where | forward ms | all layers, one pass ms | × forward |',
      '| --- | --- | --- | --- |',
      `| engine, Node ${process.version}, tfjs wasm (1 thread) | ${forwardMs.toFixed(0)} | ${allLayersMs.toFixed(0)} | ${(allLayersMs / forwardMs).toFixed(2)} |`,
      ...peer.rows.map(
        (r) =>
          `| PyTorch ${peer.torch}, ${r.threads} thread${r.threads > 1 ? 's' : ''} | ${r.forwardMs.toFixed(0)} | ${r.allLayersMs.toFixed(0)} | ` +
          `${(r.allLayersMs / r.forwardMs).toFixed(2)} |`,
      ),
      `S: engine ${explanation.score.toFixed(4)}, PyTorch ${peer.score.toFixed(4)}; ${peer.layers} layers compared`,
      `worst relative difference (max |ours − PyTorch| / max |PyTorch|): α ${peer.worstAlpha[0].toExponential(2)} ` +
        `(${peer.worstAlpha[1]}), map ${peer.worstRaw[0].toExponential(2)} (${peer.worstRaw[1]})`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    input.dispose();
    explainer.dispose();
    model.dispose();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
