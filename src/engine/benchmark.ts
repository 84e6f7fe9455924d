// The timing loop of the engine benchmark, shared by Node (cli/benchEngine.ts) and the browser
// worker (bench/benchWorker.ts): tfjs only, no DOM, no Node APIs.
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { Explainer } from './explainer';
import type { OpGraph } from './opGraph';
import { pixelMask } from '../mask/mask';
import type { Size } from '../imaging/geometry';

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
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

async function timeIt(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: kernels, shaders, allocations
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
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
    const forwardMs = await timeIt(info.runs, () =>
      onNewImage(async (image) => {
        const logits = explainer.predict(image);
        await logits.data();
        logits.dispose();
      }),
    );
    const allLayersNewImageMs = await timeIt(info.runs, () => onNewImage((image) => explainer.explain(image, target)));
    await explainer.segment(input);
    const oneLayerMs = await timeIt(info.runs, () => explainer.explain(input, target, { layers: [explainer.defaultLayer] }));
    const allLayersMs = await timeIt(info.runs, () => explainer.explain(input, target));
    return {
      backend: info.backend,
      model: info.name,
      firstPredictMs,
      forwardMs,
      oneLayerMs,
      allLayersMs,
      allLayersNewImageMs,
      layers: explainer.layers.length,
    };
  } finally {
    input.dispose();
    explainer.dispose();
  }
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
