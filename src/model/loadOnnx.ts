// Loading an ONNX model (model.onnx + optional segcam.json) from a URL or from picked files,
// checked and compiled into the engine's graph; errors come back as a ModelLoadError that
// lists what is wrong. The disk loader is in loadOnnxNode.ts.
import { compileOnnx, onnxSignature, type OnnxModel } from '../engine/onnx/compile';
import { decodeModel, type ModelProto } from '../engine/onnx/proto';
import type { ModelDescriptor } from '../engine/types';
import { formatBytes, MAX_DESCRIPTOR_BYTES, modelInputSizeProblem } from '../formats/limits';
import { defaultDescriptor, parseDescriptor } from './descriptor';
import { fetchModelFile, fetchOrNull, pageHref, readCapped, type Fetch } from './fetchModelFiles';
import { ModelLoadError, parseJsonText } from './loadModelFiles';
import { isOnnxName } from './onnxName';

/** The issue's limit for ONNX files (weights are inside the file). */
export const MAX_ONNX_BYTES = 200 * 1024 * 1024;

export interface LoadedOnnxModel {
  onnx: OnnxModel;
  descriptor: ModelDescriptor;
  warnings: string[];
}

export interface OnnxSources {
  modelSource: string;
  bytes: Uint8Array;
  descriptorText?: string;
  descriptorSource?: string;
}


function fail(source: string, e: unknown): never {
  if (e instanceof ModelLoadError) throw e;
  throw new ModelLoadError([`${source}: ${(e as Error).message}`]);
}

/** Decodes, checks and compiles (on the current tfjs backend); nothing is kept on failure. */
export function assembleOnnx(src: OnnxSources): LoadedOnnxModel {
  let proto: ModelProto;
  try {
    proto = decodeModel(src.bytes);
  } catch (e) {
    fail(src.modelSource, e);
  }
  let signature: ReturnType<typeof onnxSignature>;
  try {
    signature = onnxSignature(proto);
  } catch (e) {
    fail(src.modelSource, e);
  }
  const fixed = signature.inputSize;
  const tooLarge = fixed && modelInputSizeProblem(fixed.height, fixed.width);
  if (tooLarge) throw new ModelLoadError([`${src.modelSource}: the model's input is ${tooLarge}`]);
  const where = src.descriptorSource ?? 'segcam.json';
  const json = src.descriptorText === undefined ? undefined : parseJsonText(src.descriptorText, where);
  // First pass: the input size (needed to compile a model with a dynamic input size).
  let inputSize = fixed;
  if (json !== undefined) {
    const first = parseDescriptor(json, { inputSize: fixed });
    if ('errors' in first) throw new ModelLoadError(first.errors.map((e) => `${where}: ${e}`));
    inputSize = first.descriptor.input;
  }
  if (!inputSize) {
    throw new ModelLoadError([
      `${src.modelSource}: the model's input size is dynamic and there is no segcam.json saying which size to use; ` +
        'add one with "input": {"height": H, "width": W}',
    ]);
  }
  let onnx: OnnxModel;
  try {
    onnx = compileOnnx(proto, { inputSize });
  } catch (e) {
    fail(src.modelSource, e);
  }
  try {
    const numClasses = onnx.outputChannels;
    const warnings: string[] = [];
    let descriptor: ModelDescriptor;
    if (json === undefined) {
      warnings.push(`no segcam.json: using defaults (${numClasses === 19 ? 'Cityscapes classes' : `class 0..${numClasses - 1}`}, RGB scaled to 0..1)`);
      descriptor = defaultDescriptor({ numClasses, inputSize, name: proto.graph?.name || src.modelSource.split('/').pop() || 'ONNX model' });
    } else {
      const result = parseDescriptor(json, { numClasses, inputSize: fixed });
      if ('errors' in result) throw new ModelLoadError(result.errors.map((e) => `${where}: ${e}`));
      descriptor = result.descriptor;
    }
    const layer = descriptor.defaultLayer;
    if (layer !== undefined && !onnx.graph.nodes.some((n) => n.name === layer)) {
      throw new ModelLoadError([`${where}: defaultLayer: the model has no tensor named "${layer}" (use the ONNX tensor name, as Netron shows it)`]);
    }
    return { onnx, descriptor, warnings };
  } catch (e) {
    onnx.dispose();
    throw e;
  }
}

/** model.onnx from a URL, and segcam.json beside it (or from descriptorUrl). */
export async function loadOnnxFromUrl(url: string, opts: { descriptorUrl?: string; fetch?: Fetch } = {}): Promise<LoadedOnnxModel> {
  return assembleOnnx(await fetchOnnxSources(url, opts));
}

/** The fetching half of loadOnnxFromUrl: no tfjs, so it can run while a backend starts. */
export async function fetchOnnxSources(url: string, opts: { descriptorUrl?: string; fetch?: Fetch } = {}): Promise<OnnxSources> {
  const fetchFn: Fetch = opts.fetch ?? ((u) => fetch(u));
  const base = pageHref();
  const { modelUrl, response: res } = await fetchModelFile(url, fetchFn);
  const bytes = await readCapped(res, MAX_ONNX_BYTES, (size) => `${url} is ${size}; the limit is ${formatBytes(MAX_ONNX_BYTES)}`);
  const descriptorUrl = new URL(opts.descriptorUrl ?? 'segcam.json', opts.descriptorUrl ? base : modelUrl).href;
  const descRes = await fetchOrNull(fetchFn, descriptorUrl);
  if (!descRes && opts.descriptorUrl) throw new ModelLoadError([`cannot fetch descriptor ${opts.descriptorUrl}`]);
  const descriptorText = descRes
    ? new TextDecoder().decode(await readCapped(descRes, MAX_DESCRIPTOR_BYTES, (size) => `${descriptorUrl} is ${size}; the limit is ${formatBytes(MAX_DESCRIPTOR_BYTES)}`))
    : undefined;
  return { modelSource: url, bytes, descriptorText, descriptorSource: descriptorUrl };
}

/** The one .onnx file among the picked files, and segcam.json if picked too. */
export async function loadOnnxFromFiles(files: readonly File[]): Promise<LoadedOnnxModel> {
  const models = files.filter((f) => isOnnxName(f.name));
  if (models.length !== 1) throw new ModelLoadError([`pick one .onnx file (and optionally segcam.json); got ${models.map((f) => f.name).join(', ')}`]);
  const [model] = models;
  if (model.size > MAX_ONNX_BYTES) throw new ModelLoadError([`${model.name} is ${formatBytes(model.size)}; the limit is ${formatBytes(MAX_ONNX_BYTES)}`]);
  const descriptorFile = files.find((f) => f.name === 'segcam.json');
  if (descriptorFile && descriptorFile.size > MAX_DESCRIPTOR_BYTES) {
    throw new ModelLoadError([`segcam.json is ${formatBytes(descriptorFile.size)}; the limit is ${formatBytes(MAX_DESCRIPTOR_BYTES)}`]);
  }
  return assembleOnnx({
    modelSource: model.name,
    bytes: new Uint8Array(await model.arrayBuffer()),
    descriptorText: descriptorFile ? await descriptorFile.text() : undefined,
    descriptorSource: 'segcam.json',
  });
}
