// `npm run bench:engine`: forward pass vs one-layer and all-layer Seg-Grad-CAM, per backend:
// Node wasm and cpu, and (driving headless Chromium) webgl and wasm in a browser worker.
// Medians of a few runs after a warm-up; before them, each target's cold start step by step
// (in a fresh Node process, or a fresh browser worker), and after them the largest kernels of
// one all-layer click. A script, not a test: numbers depend on the machine.
//   npm run bench:engine -- [--backends node-wasm,node-cpu,browser-webgl,browser-wasm] [--runs 3]
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../engine/backends';
import { loadModelFromDisk } from '../model/loadModelNode';
import { buildUnet } from '../model/unet';
import { benchGraph, benchModel, formatColdStarts, formatKernels, formatRows, modelLabel, timeColdStart, type BenchRow, type ColdStartRow } from '../engine/benchmark';
import { explainerFor } from '../model/network';
import { compileOnnx } from '../engine/onnx/compile';
import { encodeModel } from '../engine/onnx/proto';
import { layersToOnnx } from '../engine/onnx/testing/layersToOnnx';
import { CHROMIUM_FLAGS, startBenchServer } from './benchServer';
import { DEFAULT_MODEL } from './cam';

const TARGETS = ['node-wasm', 'node-cpu', 'browser-webgl', 'browser-wasm'] as const;
type BenchTarget = (typeof TARGETS)[number];


const ESPNET = resolve(fileURLToPath(new URL('../../../shared/fixtures/espnet-cityscapes/model.json', import.meta.url)));

/** A large real network: ESPNet (Cityscapes) at 384×768, when ../shared/fixtures has it. */
async function benchEspnet(backend: 'wasm' | 'cpu', runs: number): Promise<BenchRow[]> {
  if (!existsSync(ESPNET)) {
    process.stderr.write(`(no ESPNet row: ${ESPNET} is absent)\n`);
    return [];
  }
  process.stderr.write(`benchmarking ESPNet 384×768 on Node ${backend}…\n`);
  const { model, descriptor } = await loadModelFromDisk(ESPNET);
  try {
    const info = { backend: `Node, ${backend}`, name: modelLabel(descriptor), defaultLayer: descriptor.defaultLayer, inputSize: descriptor.input, runs };
    return [await benchModel(model, info)];
  } finally {
    model.dispose();
  }
}

async function benchNode(backend: 'wasm' | 'cpu', runs: number): Promise<BenchRow[]> {
  await initBackend(backend);
  let model;
  let name;
  let defaultLayer: string | undefined;
  if (existsSync(DEFAULT_MODEL)) {
    const loaded = await loadModelFromDisk(DEFAULT_MODEL);
    model = loaded.model;
    name = loaded.descriptor.name;
    defaultLayer = loaded.descriptor.defaultLayer;
  } else {
    model = buildUnet();
    name = 'U-Net (freshly built, untrained: the shipped weights are absent)';
  }
  try {
    const layersRow = await benchModel(model, { backend: `Node, ${backend}`, name, defaultLayer, runs });
    // The same network and weights as ONNX (as torch.onnx.export would write it), through the ONNX front end.
    const onnx = compileOnnx(encodeModel(layersToOnnx(model)));
    try {
      const onnxRow = await benchGraph(onnx.graph, { backend: `Node, ${backend}, same net as ONNX`, name, defaultLayer, runs });
      return [layersRow, onnxRow];
    } finally {
      onnx.dispose();
    }
  } finally {
    model.dispose();
  }
}

/**
 * In this process, which must be fresh: the cold start of a model.json on a backend. A shipped
 * model is set up as the app does (declared shapes, no pass); any other runs its shape pass.
 */
async function coldStartHere(modelPath: string, backend: 'wasm' | 'cpu', shipped: boolean): Promise<ColdStartRow> {
  const { phases, loaded } = await timeColdStart({
    startBackend: () => initBackend(backend),
    loadModel: () => loadModelFromDisk(modelPath),
    explainer: (loaded) => explainerFor(loaded, { declaredShapes: shipped }),
  });
  loaded.model.dispose();
  return { where: `Node, ${backend}`, model: modelLabel(loaded.descriptor), phases };
}

/** The same in a fresh Node process (this script again, with --cold-start). */
function coldStartInChild(modelPath: string, backend: 'wasm' | 'cpu', shipped: boolean): ColdStartRow {
  process.stderr.write(`cold start of ${modelPath} on Node ${backend} (a fresh process)…\n`);
  const args = [...process.execArgv, fileURLToPath(import.meta.url), '--cold-start', modelPath, '--backend', backend, ...(shipped ? ['--shipped'] : [])];
  const out = execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ColdStartRow;
}

type Outcome = { row: BenchRow; coldStart: ColdStartRow } | { error: string };

async function benchBrowser(backends: ('webgl' | 'wasm')[], runs: number): Promise<{ rows: BenchRow[]; coldStarts: ColdStartRow[] }> {
  const { chromium } = await import('@playwright/test');
  const server = await startBenchServer();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  const rows: BenchRow[] = [];
  const coldStarts: ColdStartRow[] = [];
  try {
    for (const backend of backends) {
      process.stderr.write(`benchmarking browser ${backend}…\n`);
      const page = await browser.newPage();
      page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
      await page.goto(`${server.url}?backend=${backend}&runs=${runs}`);
      // Vite may reload the page once after pre-bundling: wait for the result, not the load.
      const handle = await page.waitForFunction(() => (globalThis as unknown as { __bench?: unknown }).__bench, undefined, { timeout: 600_000 });
      const outcome = (await handle.jsonValue()) as Outcome;
      await page.close();
      if ('error' in outcome) throw new Error(`browser ${backend}: ${outcome.error}`);
      rows.push(outcome.row);
      coldStarts.push(outcome.coldStart);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { rows, coldStarts };
}

function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  const coldStartModel = option(argv, '--cold-start');
  if (coldStartModel) {
    const backend = option(argv, '--backend') === 'cpu' ? 'cpu' : 'wasm';
    tf.env().set('PROD', true);
    process.stdout.write(`${JSON.stringify(await coldStartHere(coldStartModel, backend, argv.includes('--shipped')))}\n`);
    return 0;
  }
  const wanted = (option(argv, '--backends') ?? TARGETS.join(',')).split(',');
  const unknown = wanted.filter((t) => !(TARGETS as readonly string[]).includes(t));
  if (unknown.length > 0) {
    process.stderr.write(`bench:engine: unknown backend ${unknown.join(', ')}; use ${TARGETS.join(', ')}\n`);
    return 2;
  }
  const targets = wanted as BenchTarget[];
  const runs = Math.max(1, Number(option(argv, '--runs') ?? 3));
  tf.env().set('PROD', true);
  const rows: BenchRow[] = [];
  const espnetRows: BenchRow[] = [];
  const coldStarts: ColdStartRow[] = [];
  for (const target of targets.filter((t) => t.startsWith('node-'))) {
    const backend = target === 'node-cpu' ? 'cpu' : 'wasm';
    if (existsSync(DEFAULT_MODEL)) coldStarts.push(coldStartInChild(DEFAULT_MODEL, backend, true));
    if (backend === 'wasm' && existsSync(ESPNET)) coldStarts.push(coldStartInChild(ESPNET, backend, false));
    process.stderr.write(`benchmarking Node ${backend} (${runs} runs after a warm-up)…\n`);
    rows.push(...(await benchNode(backend, runs)));
    if (backend === 'wasm') espnetRows.push(...(await benchEspnet(backend, runs)));
  }
  const browserBackends = targets.filter((t) => t.startsWith('browser-')).map((t) => (t === 'browser-webgl' ? 'webgl' : 'wasm'));
  if (browserBackends.length > 0) {
    const browser = await benchBrowser(browserBackends, runs);
    rows.push(...browser.rows);
    coldStarts.push(...browser.coldStarts);
  }
  const sections = [`Node ${process.version}`];
  if (coldStarts.length > 0) sections.push(formatColdStarts(coldStarts));
  sections.push(`medians of ${runs} interleaved rounds after a warm-up round\n${formatRows(rows)}`);
  if (espnetRows.length > 0) sections.push(formatRows(espnetRows));
  for (const group of [rows, espnetRows].filter((g) => g.length > 0)) sections.push(formatKernels(group));
  process.stdout.write(`${sections.join('\n\n')}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
