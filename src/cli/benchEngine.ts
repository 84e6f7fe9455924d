// `npm run bench:engine`: forward pass vs one-layer and all-layer Seg-Grad-CAM, per Node backend.
// Medians of a few runs after a warm-up. Not a test: numbers depend on the machine and its load.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { initBackend, type BackendName } from '../engine/backends';
import { Explainer } from '../engine/explainer';
import { pixelMask } from '../engine/masks';
import { loadModelFromDisk } from '../model/loadModelNode';
import { buildUnet } from '../model/unet';
import { DEFAULT_MODEL } from './cam';

export interface BenchRow {
  backend: string;
  model: string;
  forwardMs: number;
  oneLayerMs: number;
  allLayersMs: number;
  layers: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: kernels, shader/wasm setup, allocations
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

async function loadBenchModel(): Promise<{ model: LayersModel; name: string; defaultLayer?: string }> {
  if (existsSync(DEFAULT_MODEL)) {
    const { model, descriptor } = await loadModelFromDisk(DEFAULT_MODEL);
    return { model, name: descriptor.name, defaultLayer: descriptor.defaultLayer };
  }
  return { model: buildUnet(), name: 'U-Net (fresh, untrained: shipped weights absent)' };
}

export async function benchBackend(backend: BackendName, runs: number): Promise<BenchRow> {
  await initBackend(backend);
  const { model, name, defaultLayer } = await loadBenchModel();
  const explainer = Explainer.create(model, { defaultLayer });
  const { height, width } = explainer.inputSize;
  const input = tf.randomUniform([1, height, width, 3], 0, 1, 'float32', 42) as tf.Tensor4D;
  try {
    const { labels } = await explainer.segment(input);
    const out = explainer.outputSize;
    const row = out.height >> 1;
    const col = out.width >> 1;
    const target = { classIndex: labels[row * out.width + col], mask: pixelMask(out.height, out.width, row, col) };
    const forwardMs = await timeIt(runs, async () => {
      const logits = explainer.predict(input);
      await logits.data();
      logits.dispose();
    });
    const oneLayerMs = await timeIt(runs, () => explainer.explain(input, target, { layers: [explainer.defaultLayer] }));
    const allLayersMs = await timeIt(runs, () => explainer.explain(input, target));
    return { backend, model: name, forwardMs, oneLayerMs, allLayersMs, layers: explainer.layers.length };
  } finally {
    input.dispose();
    explainer.dispose();
    model.dispose();
  }
}

export function formatRows(rows: readonly BenchRow[]): string {
  const lines = [
    `model: ${rows[0]?.model ?? '-'}`,
    'backend | forward ms | one layer ms (× fwd) | all layers ms (× fwd) | layers',
    '--- | --- | --- | --- | ---',
  ];
  for (const r of rows) {
    const ratio = (ms: number): string => (ms / r.forwardMs).toFixed(2);
    lines.push(
      `${r.backend} | ${r.forwardMs.toFixed(0)} | ${r.oneLayerMs.toFixed(0)} (${ratio(r.oneLayerMs)}×) | ` +
        `${r.allLayersMs.toFixed(0)} (${ratio(r.allLayersMs)}×) | ${r.layers}`,
    );
  }
  return lines.join('\n');
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: readonly string[]): Promise<void> {
  const backends = (option(argv, '--backends') ?? 'wasm,cpu').split(',') as BackendName[];
  const runs = Number(option(argv, '--runs') ?? 3);
  tf.env().set('PROD', true);
  const rows: BenchRow[] = [];
  for (const backend of backends) {
    process.stderr.write(`benchmarking ${backend} (${runs} runs after a warm-up)…\n`);
    rows.push(await benchBackend(backend, backend === 'cpu' ? Math.min(runs, 3) : runs));
  }
  process.stdout.write(`Node ${process.version}, medians\n${formatRows(rows)}\n`);
  process.stdout.write('Browser webgl/wasm: not measured by this script yet (see the report).\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main(process.argv.slice(2));
}
