// Loading a tfjs LayersModel plus its descriptor (segcam.json) from a URL or from files the
// user picked, with checks that turn tfjs's cryptic failures into errors that say what is wrong.
// Works in the browser (window or worker) and in Node; the disk loader is in loadModelNode.ts.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelDescriptor } from '../engine/types';
import { defaultDescriptor, parseDescriptor } from './descriptor';
import { formatBytes, MAX_DESCRIPTOR_BYTES, MAX_MODEL_JSON_BYTES, modelInputSizeProblem } from '../formats/limits';
import { fetchModelFile, fetchOrNull, fetchShards, pageHref, readCapped, shardUrl, type Fetch } from './fetchModelFiles';
import { joinWeightShards, ModelLoadError, parseJsonText, parseModelJson, type ModelJsonParts } from './loadModelFiles';
import type { Size } from '../imaging/geometry';

export { ModelLoadError } from './loadModelFiles';

export interface LoadedModel {
  model: tfl.LayersModel;
  descriptor: ModelDescriptor;
  warnings: string[];
}

/** What a loader gathered: model.json text, its shards (null = missing), and a descriptor if any. */
export interface ModelSources {
  modelSource: string;
  parts: ModelJsonParts;
  shards: (Uint8Array | null)[];
  /** segcam.json text, or undefined when there is none. */
  descriptorText?: string;
  descriptorSource?: string;
}

function explainTfjsError(message: string): string {
  const unknown = /Unknown layer: (\w+)/.exec(message);
  if (unknown) return `model.json uses a layer class tfjs does not know: ${unknown[1]} (custom layers are not supported)`;
  if (/weights are not set|has no target variable|Shape mismatch|expected .* weights?/i.test(message)) {
    return `the weights do not match the model's layers: ${message}`;
  }
  return `tfjs cannot build the model: ${message}`;
}

function shapeText(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
}

interface ModelShapes {
  numClasses: number;
  inputSize?: Size;
}

/** Checks that the model maps [1,H,W,3] images to [1,h,w,C] logits; returns C and a fixed size. */
function checkModelShapes(model: tfl.LayersModel, source: string): ModelShapes {
  const problems: string[] = [];
  if (model.inputs.length !== 1) problems.push(`${source}: the model has ${model.inputs.length} inputs; one image input is needed`);
  if (model.outputs.length !== 1) problems.push(`${source}: the model has ${model.outputs.length} outputs; one [batch, H, W, classes] output is needed`);
  const inShape = model.inputs[0].shape;
  const outShape = model.outputs[0].shape;
  if (inShape.length !== 4 || (inShape[3] !== null && inShape[3] !== 3)) {
    problems.push(`${source}: input shape is ${shapeText(inShape)}; expected [batch, H, W, 3] (an RGB image)`);
  }
  const numClasses = outShape[3];
  if (outShape.length !== 4 || typeof numClasses !== 'number') {
    problems.push(`${source}: output shape is ${shapeText(outShape)}; expected 4-D [batch, H, W, classes] with a known class count`);
  }
  if (problems.length > 0) throw new ModelLoadError(problems);
  const [, height, width] = inShape;
  const inputSize = typeof height === 'number' && typeof width === 'number' ? { height, width } : undefined;
  const tooLarge = inputSize && modelInputSizeProblem(inputSize.height, inputSize.width);
  if (tooLarge) throw new ModelLoadError([`${source}: the model's input is ${tooLarge}`]);
  return { numClasses: numClasses as number, inputSize };
}

function resolveDescriptor(src: ModelSources, model: tfl.LayersModel, shapes: ModelShapes, warnings: string[]): ModelDescriptor {
  if (src.descriptorText === undefined) {
    if (!shapes.inputSize) {
      throw new ModelLoadError([
        `${src.modelSource}: the model accepts any input size (${shapeText(model.inputs[0].shape)}) and there is ` +
          'no segcam.json saying which size to use; add one with "input": {"height": H, "width": W}',
      ]);
    }
    warnings.push(`no segcam.json: using defaults (${shapes.numClasses === 19 ? 'Cityscapes classes' : `class 0..${shapes.numClasses - 1}`}, RGB scaled to 0..1)`);
    return defaultDescriptor({ numClasses: shapes.numClasses, inputSize: shapes.inputSize, name: model.name });
  }
  const where = src.descriptorSource ?? 'segcam.json';
  const json = parseJsonText(src.descriptorText, where);
  const result = parseDescriptor(json, { numClasses: shapes.numClasses, inputSize: shapes.inputSize });
  if ('errors' in result) throw new ModelLoadError(result.errors.map((e) => `${where}: ${e}`));
  const { descriptor } = result;
  if (descriptor.defaultLayer !== undefined && !model.layers.some((l) => l.name === descriptor.defaultLayer)) {
    throw new ModelLoadError([`${where}: defaultLayer: the model has no layer named "${descriptor.defaultLayer}"`]);
  }
  return descriptor;
}

/** Builds and checks the model from gathered sources. */
export async function assembleModel(src: ModelSources): Promise<LoadedModel> {
  const weightData = joinWeightShards(src.parts, src.shards);
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel(
      tf.io.fromMemory({ modelTopology: src.parts.modelTopology, weightSpecs: src.parts.weightSpecs, weightData }),
    );
  } catch (e) {
    throw new ModelLoadError([`${src.modelSource}: ${explainTfjsError((e as Error).message)}`]);
  }
  try {
    const warnings: string[] = [];
    const shapes = checkModelShapes(model, src.modelSource);
    const descriptor = resolveDescriptor(src, model, shapes, warnings);
    return { model, descriptor, warnings };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

async function readText(res: Response, maxBytes: number, what: string): Promise<string> {
  const bytes = await readCapped(res, maxBytes, (size) => `${what} is ${size}; the limit is ${formatBytes(maxBytes)}`);
  return new TextDecoder().decode(bytes);
}

/**
 * Loads model.json from a URL, its shards beside it, and segcam.json beside it (or from
 * `descriptorUrl`); a missing descriptor gives the defaults and a warning. model.json is
 * validated and every shard path checked (fetchModelFiles.ts) before the first shard request.
 */
export async function loadModelFromUrl(url: string, opts: { descriptorUrl?: string; fetch?: Fetch } = {}): Promise<LoadedModel> {
  return assembleModel(await fetchModelSources(url, opts));
}

/** The fetching half of loadModelFromUrl: no tfjs, so it can run while a backend starts. */
export async function fetchModelSources(url: string, opts: { descriptorUrl?: string; fetch?: Fetch } = {}): Promise<ModelSources> {
  const fetchFn: Fetch = opts.fetch ?? ((u) => fetch(u));
  const { modelUrl, response: res } = await fetchModelFile(url, fetchFn);
  const parts = parseModelJson(await readText(res, MAX_MODEL_JSON_BYTES, url), url);
  const shardUrls = parts.weightPaths.map((p) => shardUrl(p, modelUrl, url));
  const shards = await fetchShards(shardUrls, parts.weightPaths, parts.weightBytes, fetchFn);
  const descriptorUrl = new URL(opts.descriptorUrl ?? 'segcam.json', opts.descriptorUrl ? pageHref() : modelUrl).href;
  const descRes = await fetchOrNull(fetchFn, descriptorUrl);
  if (!descRes && opts.descriptorUrl) throw new ModelLoadError([`cannot fetch descriptor ${opts.descriptorUrl}`]);
  return {
    modelSource: url,
    parts,
    shards,
    descriptorText: descRes ? await readText(descRes, MAX_DESCRIPTOR_BYTES, descriptorUrl) : undefined,
    descriptorSource: descriptorUrl,
  };
}

function baseName(path: string): string {
  return path.split('/').pop() ?? path;
}

/**
 * Loads from files the user picked: model.json (or the one .json with a modelTopology), its
 * shards (matched by file name), and optionally segcam.json.
 */
export async function loadModelFromFiles(files: readonly File[]): Promise<LoadedModel> {
  const byName = new Map(files.map((f) => [f.name, f]));
  const jsons = files.filter((f) => f.name.toLowerCase().endsWith('.json'));
  const descriptorFile = byName.get('segcam.json');
  let modelFile = byName.get('model.json');
  if (!modelFile) {
    const others = jsons.filter((f) => f !== descriptorFile);
    if (others.length !== 1) {
      throw new ModelLoadError([
        others.length === 0
          ? 'no model.json among the chosen files: pick model.json, its weight files and optionally segcam.json'
          : `several .json files (${others.map((f) => f.name).join(', ')}): name the model's one model.json`,
      ]);
    }
    modelFile = others[0];
  }
  const tooBig = (f: File, max: number): void => {
    if (f.size > max) throw new ModelLoadError([`${f.name} is ${formatBytes(f.size)}; the limit is ${formatBytes(max)}`]);
  };
  tooBig(modelFile, MAX_MODEL_JSON_BYTES);
  if (descriptorFile) tooBig(descriptorFile, MAX_DESCRIPTOR_BYTES);
  const parts = parseModelJson(await modelFile.text(), modelFile.name);
  const shardFiles = parts.weightPaths.map((p) => byName.get(baseName(p)) ?? null);
  const shardBytes = shardFiles.reduce((n, f) => n + (f?.size ?? 0), 0);
  if (shardBytes > parts.weightBytes) {
    throw new ModelLoadError([`weights too long: the manifest expects ${parts.weightBytes} bytes, the chosen weight files hold ${shardBytes}`]);
  }
  const shards = await Promise.all(shardFiles.map(async (f) => (f ? new Uint8Array(await f.arrayBuffer()) : null)));
  const missing = parts.weightPaths.filter((_, i) => shards[i] === null);
  if (missing.length > 0) {
    throw new ModelLoadError(missing.map((p) => `missing weight file ${baseName(p)}: choose it together with ${modelFile.name}`));
  }
  return assembleModel({
    modelSource: modelFile.name,
    parts,
    shards,
    descriptorText: descriptorFile ? await descriptorFile.text() : undefined,
    descriptorSource: 'segcam.json',
  });
}
