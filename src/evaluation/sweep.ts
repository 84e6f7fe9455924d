// One scene of the evaluation: every method at every block layer, for M = one pixel, one object
// and one whole class; localisation against ground truth; faithfulness and sanity on the object.
import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Explainer } from '../engine/explainer';
import { oracleMap, randomMap, uniformMap } from '../metrics/baselines';
import { faithfulnessCurves, randomOrder, relevanceOrder } from '../metrics/faithfulness';
import { cascadeGroups, randomizeLayers } from '../engine/metrics/randomizeModel';
import { spearman } from '../metrics/ranks';
import { methodFence, outputRawOf } from '../engine/methodFences';
import type { LayerMethod } from '../engine/methods';
import { toModelInput } from '../engine/preprocess';
import type { Explanation, ModelDescriptor } from '../engine/types';
import { upsampleBilinear, upsampledCam } from '../imaging/upsampleMap';
import type { Scene } from '../scenes/types';
import { key, MeanTable } from './accumulator';
import { localisationScores, type LocalisationScores } from './mapScores';
import { makeScorer } from './modelScore';
import { anotherObject, pickTargets, type EvalTarget } from './targets';

export const LAYER_METHODS: LayerMethod[] = ['seg-grad-cam', 'hires-cam', 'grad-cam-pp', 'layer-cam', 'xgrad-cam'];
export const BASELINES = ['saliency', 'uniform', 'random', 'oracle'] as const;

export interface SweepOptions {
  layers: string[];
  faithfulness: { layers: string[]; steps: number } | null;
  /** How many blocks the cascade re-draws (from the output backwards); 0 = none. */
  cascadeDepth: number;
}

export interface SweepTables {
  /** kind|method|layer|metric → mean; metric ∈ energy, pointing, rankAuc, empty, fenced. */
  localisation: MeanTable;
  /** method|layer|deletion or insertion → mean AUC (object targets). */
  faithfulness: MeanTable;
  /** cascade|method|layer|block and target|method|layer → mean Spearman (object targets). */
  sanity: MeanTable;
}

export function emptyTables(): SweepTables {
  return { localisation: new MeanTable(), faithfulness: new MeanTable(), sanity: new MeanTable() };
}

export interface SweepContext {
  explainer: Explainer;
  model: LayersModel;
  descriptor: ModelDescriptor;
}

function addScores(table: MeanTable, prefix: (string | number)[], s: LocalisationScores): void {
  for (const [metric, value] of Object.entries(s)) table.add(key(...prefix, metric), value);
}

async function explainAll(ctx: SweepContext, input: tf.Tensor4D, classIndex: number, mask: Uint8Array, layers: string[]): Promise<Explanation[]> {
  return ctx.explainer.explain(input, { classIndex, mask }, { layers, methods: [...LAYER_METHODS, 'saliency'] });
}

function layerMap(exps: Explanation[], method: string, layer: string): Float32Array {
  const e = exps.find((x) => x.method === method)!;
  return upsampledCam(method === 'saliency' ? e.layers[0] : e.layers.find((l) => l.layer === layer)!, e.input);
}

function layerCam(exps: Explanation[], method: string, layer: string): Float32Array {
  const e = exps.find((x) => x.method === method)!;
  return e.layers.find((l) => l.layer === layer)!.cam;
}

/** Scores the targets of one scene into the tables; returns how many targets it had. */
export async function sweepScene(ctx: SweepContext, scene: Scene, opts: SweepOptions, tables: SweepTables): Promise<number> {
  const targets = pickTargets(scene);
  if (targets.length === 0) return 0;
  const { height: H, width: W } = ctx.descriptor.input;
  const input = toModelInput(scene.image, H, W, 3, ctx.descriptor.preprocess);
  const outputLayer = ctx.explainer.layers.at(-1)?.name;
  try {
    for (const target of targets) {
      const exps = await explainAll(ctx, input, target.classIndex, target.mask, opts.layers);
      scoreLocalisation(ctx, exps, target, opts.layers, tables.localisation, outputLayer);
      if (target.kind !== 'object') continue;
      if (opts.faithfulness) await scoreFaithfulness(ctx, scene, exps, target, opts.faithfulness, tables.faithfulness);
      await scoreTargetRandomisation(ctx, input, exps, target, opts.layers, tables.sanity);
      await scoreObjectRandomisation(ctx, scene, input, exps, target, opts.layers, tables.sanity);
      if (opts.cascadeDepth > 0) await scoreCascade(ctx, input, exps, target, opts, tables.sanity);
    }
  } finally {
    input.dispose();
  }
  return targets.length;
}

function scoreLocalisation(ctx: SweepContext, exps: Explanation[], t: EvalTarget, layers: string[], table: MeanTable, outputLayer?: string): void {
  const { height: H, width: W } = ctx.descriptor.input;
  const outputSize = ctx.explainer.outputSize;
  for (const method of LAYER_METHODS) {
    const e = exps.find((x) => x.method === method)!;
    const outputRaw = outputRawOf(e.layers, outputLayer);
    for (const l of e.layers) {
      addScores(table, [t.kind, method, l.layer], localisationScores(upsampledCam(l, e.input), t.evidence, W));
      const fence = methodFence(method, l, { mask: t.mask, outputSize, isOutput: l.layer === outputLayer, outputRaw });
      table.add(key(t.kind, method, l.layer, 'fenced'), fence ? 1 : 0);
    }
  }
  const saliency = layerMap(exps, 'saliency', '');
  const uniform = localisationScores(uniformMap(H * W), t.evidence, W);
  const random = localisationScores(randomMap(H * W, t.object.id), t.evidence, W);
  const sal = localisationScores(saliency, t.evidence, W);
  for (const layer of layers) {
    // Baselines repeat on every layer so each table row and plot line is complete.
    addScores(table, [t.kind, 'saliency', layer], sal);
    addScores(table, [t.kind, 'uniform', layer], uniform);
    addScores(table, [t.kind, 'random', layer], random);
    const [h, w] = ctx.explainer.layers.find((x) => x.name === layer)!.shape;
    const oracle = upsampleBilinear(oracleMap(t.mask, H, W, h, w), h, w, H, W);
    addScores(table, [t.kind, 'oracle', layer], localisationScores(oracle, t.evidence, W));
  }
}

async function scoreFaithfulness(
  ctx: SweepContext,
  scene: Scene,
  exps: Explanation[],
  t: EvalTarget,
  opts: { layers: string[]; steps: number },
  table: MeanTable,
): Promise<void> {
  const score = makeScorer(ctx.model, ctx.descriptor, t.classIndex, t.mask);
  const run = async (name: string, layer: string, order: Int32Array) => {
    const c = await faithfulnessCurves(scene.image, order, opts.steps, score);
    table.add(key(name, layer, 'deletion'), c.deletionAuc);
    table.add(key(name, layer, 'insertion'), c.insertionAuc);
  };
  for (const layer of opts.layers) {
    for (const method of LAYER_METHODS) await run(method, layer, relevanceOrder(layerMap(exps, method, layer), scene.seed));
  }
  await run('saliency', 'input', relevanceOrder(layerMap(exps, 'saliency', ''), scene.seed));
  await run('random', 'input', randomOrder(scene.width * scene.height, scene.seed));
  await run('oracle', 'input', relevanceOrder(Float32Array.from(t.mask), scene.seed));
}

/** Another class for the same M: a map that does not change explains the image, not the class. */
async function scoreTargetRandomisation(ctx: SweepContext, input: tf.Tensor4D, exps: Explanation[], t: EvalTarget, layers: string[], table: MeanTable): Promise<void> {
  const other = t.classIndex === 0 ? 2 : 0;
  const changed = await explainAll(ctx, input, other, t.mask, layers);
  for (const method of LAYER_METHODS) {
    for (const layer of layers) table.add(key('target', method, layer), spearman(layerCam(exps, method, layer), layerCam(changed, method, layer)));
  }
  table.add(key('target', 'saliency', 'input'), spearman(layerMap(exps, 'saliency', ''), layerMap(changed, 'saliency', '')));
}

/** Another object of the scene as M: a map that does not move with M does not explain M. */
async function scoreObjectRandomisation(
  ctx: SweepContext,
  scene: Scene,
  input: tf.Tensor4D,
  exps: Explanation[],
  t: EvalTarget,
  layers: string[],
  table: MeanTable,
): Promise<void> {
  const other = anotherObject(scene, t.object);
  if (!other) return;
  const moved = await explainAll(ctx, input, other.classIndex, other.mask, layers);
  for (const method of LAYER_METHODS) {
    for (const layer of layers) table.add(key('object', method, layer), spearman(layerCam(exps, method, layer), layerCam(moved, method, layer)));
  }
  table.add(key('object', 'saliency', 'input'), spearman(layerMap(exps, 'saliency', ''), layerMap(moved, 'saliency', '')));
}

/** Cascading randomisation from the output backwards; the model is restored afterwards. */
async function scoreCascade(ctx: SweepContext, input: tf.Tensor4D, exps: Explanation[], t: EvalTarget, opts: SweepOptions, table: MeanTable): Promise<void> {
  const groups = cascadeGroups(ctx.model).slice(0, opts.cascadeDepth);
  const restores: (() => void)[] = [];
  try {
    for (const [step, group] of groups.entries()) {
      restores.push(randomizeLayers(ctx.model, group, 1000 + step));
      const block = group[0].split('_')[0];
      const after = await explainAll(ctx, input, t.classIndex, t.mask, opts.layers);
      for (const method of LAYER_METHODS) {
        for (const layer of opts.layers) table.add(key('cascade', method, layer, block), spearman(layerCam(exps, method, layer), layerCam(after, method, layer)));
      }
      table.add(key('cascade', 'saliency', 'input', block), spearman(layerMap(exps, 'saliency', ''), layerMap(after, 'saliency', '')));
    }
  } finally {
    for (const restore of restores.reverse()) restore();
  }
}
