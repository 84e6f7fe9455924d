// A loaded network of either kind (tfjs LayersModel or ONNX), and the one way to explain it.
import { Explainer } from '../engine/explainer';
import { assembleModel, fetchModelSources, loadModelFromFiles, type LoadedModel } from './loadModel';
import type { Fetch } from './fetchModelFiles';
import type { LoadedOnnxModel } from './loadOnnx';
import { isOnnxName } from './onnxName';

/** The ONNX reader (protobufjs and the ONNX compiler), loaded the first time an ONNX model is. */
const onnxReader = () => import('./loadOnnx');

export type LoadedNetwork = LoadedModel | LoadedOnnxModel;

export function isOnnxNetwork(n: LoadedNetwork): n is LoadedOnnxModel {
  return 'onnx' in n;
}

/**
 * The explainer for a loaded network, set up as its descriptor says. `declaredShapes`: skip the
 * forward pass that finds the layers' shapes when the model declares them (see ExplainerOptions).
 */
export function explainerFor(n: LoadedNetwork, { declaredShapes = false } = {}): Explainer {
  const { input, output, defaultLayer } = n.descriptor;
  const options = { inputSize: input, output, defaultLayer, declaredShapes };
  return isOnnxNetwork(n) ? Explainer.fromGraph(n.onnx.graph, options) : Explainer.create(n.model, options);
}

export function disposeNetwork(n: LoadedNetwork): void {
  if (isOnnxNetwork(n)) n.onnx.dispose();
  else n.model.dispose();
}

export interface UrlLoadOptions {
  descriptorUrl?: string;
  fetch?: Fetch;
  /**
   * Building waits for it (a tfjs backend that is still starting); the files are fetched
   * meanwhile. A rejection fails the load with its reason.
   */
  ready?: Promise<unknown>;
}

/** A .onnx URL loads as ONNX, anything else as a tfjs model.json. */
export async function loadNetworkFromUrl(url: string, opts: UrlLoadOptions = {}): Promise<LoadedNetwork> {
  if (isOnnxName(url)) {
    const { fetchOnnxSources, assembleOnnx } = await onnxReader();
    const sources = await fetchOnnxSources(url, opts);
    await opts.ready;
    return assembleOnnx(sources);
  }
  const sources = await fetchModelSources(url, opts);
  await opts.ready;
  return assembleModel(sources);
}

/** Picked files holding a .onnx load as ONNX, else as model.json + shards. */
export async function loadNetworkFromFiles(files: readonly File[]): Promise<LoadedNetwork> {
  if (!files.some((f) => isOnnxName(f.name))) return loadModelFromFiles(files);
  return (await onnxReader()).loadOnnxFromFiles(files);
}
