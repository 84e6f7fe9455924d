// The timing loop of the engine benchmark, shared by Node (cli/benchEngine.ts) and the browser
// worker (bench/benchWorker.ts): tfjs only, no DOM, no Node APIs.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Explainer } from './explainer';
import type { OpGraph } from './opGraph';
import { pixelMask } from '../mask/mask';
import type { Size } from '../imaging/geometry';
import type { ModelDescriptor } from './types';

export interface BenchRow {
  backend: string;
  model: string;
  /** First prediction, including kernel compilation / shader warm-up. */
  firstPredictMs: number;
  /** A forward pass on an image not seen before. */
  forwardMs: number;
  /** The default layer, on the image already segmented (what a click costs). */
  oneLayerMs: number;
  /** Every layer, on the image already segmented: its convolutions are reused. */
  allLayersMs: number;
  /** Every layer, on an image not seen before: the full forward pass included. */
  allLayersNewImageMs: number;
  layers: number;
  /** Where one all-layer click spends its kernel time; null where the backend cannot time kernels. */
  topKernels: KernelTime[] | null;
}

export interface KernelTime {
  kernel: string;
  calls: number;
  ms: number;
}

/** What the app does from nothing to its first heatmap, step by step (ms each). */
export interface ColdStartPhases {
  backendMs: number;
  /** Download (or read from disk) and build. */
  modelMs: number;
  /** The explainer's set-up: a forward pass that finds the layer shapes, none when they are declared. */
  explainerMs: number;
  firstSegmentMs: number;
  /** All layers for one pixel of the segmented image: a first click. */
  firstExplainMs: number;
  /** The same for another pixel: a later click. */
  laterExplainMs: number;
}

/** One cold start: where it ran, which model, and its steps. */
export interface ColdStartRow {
  where: string;
  model: string;
  phases: ColdStartPhases;
}

/** How the benchmark tables name a model: its name and input size. */
export function modelLabel(descriptor: ModelDescriptor): string {
  return `${descriptor.name} ${descriptor.input.height}×${descriptor.input.width}`;
}

/** Kernels shown per row. */
const TOP_KERNELS = 6;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Times a forward pass and explanations of a centre pixel: the default layer and every
 * layer on the segmented image (a click), and every layer on a new image.
 */
export async function benchModel(
  model: LayersModel,
  info: { backend: string; name: string; defaultLayer?: string; inputSize?: Size; runs: number },
): Promise<BenchRow> {
  return benchExplainer(Explainer.create(model, { defaultLayer: info.defaultLayer, inputSize: info.inputSize }), info);
}

/** The same for a compiled graph (an ONNX model); the caller keeps owning the graph. */
export async function benchGraph(
  graph: OpGraph,
  info: { backend: string; name: string; defaultLayer?: string; runs: number },
): Promise<BenchRow> {
  return benchExplainer(Explainer.fromGraph(graph, { defaultLayer: info.defaultLayer }), info);
}

/** Times an explainer, then disposes it. */
async function benchExplainer(explainer: Explainer, info: { backend: string; name: string; runs: number }): Promise<BenchRow> {
  const { height, width } = explainer.inputSize;
  const input = tf.randomUniform([1, height, width, 3], 0, 1, 'float32', 42) as tf.Tensor4D;
  try {
    const t0 = performance.now();
    const { labels } = await explainer.segment(input);
    const firstPredictMs = performance.now() - t0;
    const out = explainer.outputSize;
    const row = out.height >> 1;
    const col = out.width >> 1;
    const target = { classIndex: labels[row * out.width + col], mask: pixelMask(out, { row, col }).bits };
    // A copy is a new image to the explainer: nothing of an earlier pass is reused.
    const onNewImage = async <T>(fn: (image: tf.Tensor4D) => Promise<T>): Promise<T> => {
      const image = tf.clone(input);
      try {
        return await fn(image);
      } finally {
        image.dispose();
      }
    };
    const forward = () =>
      onNewImage(async (image) => {
        const logits = explainer.predict(image);
        await logits.data();
        logits.dispose();
      });
    const allNew = () => onNewImage((image) => explainer.explain(image, target));
    // A click: the image was segmented last (a new-image run in between replaced what it kept).
    const click = async (layers?: string[]) => {
      await explainer.segment(input);
      const t = performance.now();
      await explainer.explain(input, target, layers ? { layers } : {});
      return performance.now() - t;
    };
    // Interleaved rounds: on a machine whose speed drifts, each ratio compares runs taken
    // moments apart. One warm-up round first.
    const rounds = { forward: [] as number[], one: [] as number[], all: [] as number[], allNew: [] as number[] };
    for (let round = 0; round <= info.runs; round++) {
      const t0 = performance.now();
      await forward();
      const t1 = performance.now();
      await allNew();
      const t2 = performance.now();
      const one = await click([explainer.defaultLayer]);
      const all = await click();
      if (round === 0) continue;
      rounds.forward.push(t1 - t0);
      rounds.allNew.push(t2 - t1);
      rounds.one.push(one);
      rounds.all.push(all);
    }
    await explainer.segment(input);
    const topKernels = await kernelTimes(() => explainer.explain(input, target));
    const forwardMs = median(rounds.forward);
    const oneLayerMs = median(rounds.one);
    const allLayersMs = median(rounds.all);
    const allLayersNewImageMs = median(rounds.allNew);
    return {
      backend: info.backend,
      model: info.name,
      firstPredictMs,
      forwardMs,
      oneLayerMs,
      allLayersMs,
      allLayersNewImageMs,
      layers: explainer.layers.length,
      topKernels,
    };
  } finally {
    input.dispose();
    explainer.dispose();
  }
}

/**
 * Kernel time by kernel over one run of fn (tf.profile), largest first. Only registered kernels
 * count: a scope such as a custom gradient is profiled too, but its kernels are counted on their
 * own. Null when the backend gives no kernel times (webgl without timer queries).
 */
async function kernelTimes(fn: () => Promise<unknown>): Promise<KernelTime[] | null> {
  const profile = await tf.profile(async () => {
    await fn();
  });
  const backend = tf.getBackend();
  const byKernel = new Map<string, KernelTime>();
  for (const { name, kernelTimeMs } of profile.kernels) {
    if (typeof kernelTimeMs !== 'number') return null;
    if (!tf.getKernel(name, backend)) continue;
    const entry = byKernel.get(name) ?? { kernel: name, calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += kernelTimeMs;
    byKernel.set(name, entry);
  }
  return [...byKernel.values()].sort((a, b) => b.ms - a.ms);
}

/** The steps of a cold start, as the caller's environment does them. */
export interface ColdStartSteps<Loaded> {
  startBackend: () => Promise<unknown>;
  loadModel: () => Promise<Loaded>;
  /** The explainer as the app sets it up for this model. */
  explainer: (loaded: Loaded) => Explainer;
}

/**
 * Times a cold start step by step, on a seeded random image: backend, model, explainer, first
 * segmentation, a first click (all layers, centre pixel) and a later one (another pixel).
 * Returns the loaded model (the caller disposes it).
 */
export async function timeColdStart<Loaded>(steps: ColdStartSteps<Loaded>): Promise<{ phases: ColdStartPhases; loaded: Loaded }> {
  let last = performance.now();
  const lap = () => {
    const now = performance.now();
    const ms = now - last;
    last = now;
    return ms;
  };
  await steps.startBackend();
  const backendMs = lap();
  const loaded = await steps.loadModel();
  const modelMs = lap();
  const explainer = steps.explainer(loaded);
  const explainerMs = lap();
  const { height, width } = explainer.inputSize;
  const input = tf.randomUniform([1, height, width, 3], 0, 1, 'float32', 42) as tf.Tensor4D;
  try {
    const { labels } = await explainer.segment(input);
    const firstSegmentMs = lap();
    const out = explainer.outputSize;
    const click = (row: number, col: number) =>
      explainer.explain(input, { classIndex: labels[row * out.width + col], mask: pixelMask(out, { row, col }).bits });
    await click(out.height >> 1, out.width >> 1);
    const firstExplainMs = lap();
    await click(out.height >> 2, out.width >> 2);
    const laterExplainMs = lap();
    return { phases: { backendMs, modelMs, explainerMs, firstSegmentMs, firstExplainMs, laterExplainMs }, loaded };
  } finally {
    input.dispose();
    explainer.dispose();
  }
}

export function formatColdStarts(rows: readonly ColdStartRow[]): string {
  const lines = [
    'cold start, step by step (ms)',
    '| where / backend | model | backend | model load | explainer | first segmentation | first click, all layers | later click |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const { where, model, phases: p } of rows) {
    const cells = [p.backendMs, p.modelMs, p.explainerMs, p.firstSegmentMs, p.firstExplainMs, p.laterExplainMs].map((ms) => ms.toFixed(0));
    lines.push(`| ${where} | ${model} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Each row's largest kernels in one all-layer click. */
export function formatKernels(rows: readonly BenchRow[]): string {
  const lines = [`top kernels of one all-layer click (tf.profile), ${rows[0]?.model ?? '-'}`];
  for (const r of rows) {
    if (!r.topKernels) {
      lines.push(`- ${r.backend}: kernel times unavailable on this backend`);
      continue;
    }
    const total = r.topKernels.reduce((sum, k) => sum + k.ms, 0);
    const top = r.topKernels.slice(0, TOP_KERNELS).map((k) => `${k.kernel} ${k.ms.toFixed(0)} ms (${k.calls})`);
    lines.push(`- ${r.backend}: ${total.toFixed(0)} ms in kernels; ${top.join(', ')}`);
  }
  return lines.join('\n');
}

export function formatRows(rows: readonly BenchRow[]): string {
  const lines = [
    `model: ${rows[0]?.model ?? '-'} (${rows[0]?.layers ?? 0} explainable layers)`,
    '| where / backend | first predict ms | forward ms | click, one layer ms (× forward) | click, all layers ms (× forward) | new image, all layers ms (× forward) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const ratio = (ms: number): string => (ms / r.forwardMs).toFixed(2);
    lines.push(
      `| ${r.backend} | ${r.firstPredictMs.toFixed(0)} | ${r.forwardMs.toFixed(0)} | ${r.oneLayerMs.toFixed(0)} (${ratio(r.oneLayerMs)}×) | ` +
        `${r.allLayersMs.toFixed(0)} (${ratio(r.allLayersMs)}×) | ${r.allLayersNewImageMs.toFixed(0)} (${ratio(r.allLayersNewImageMs)}×) |`,
    );
  }
  return lines.join('\n');
}
