// A loaded network of either kind (tfjs LayersModel or ONNX), and the one way to explain it.
import { Explainer } from '../engine/explainer';
import { loadModelFromFiles, loadModelFromUrl, type LoadedModel } from './loadModel';
import type { Fetch } from './fetchModelFiles';
import { isOnnxName, loadOnnxFromFiles, loadOnnxFromUrl, type LoadedOnnxModel } from './loadOnnx';

export type LoadedNetwork = LoadedModel | LoadedOnnxModel;

export function isOnnxNetwork(n: LoadedNetwork): n is LoadedOnnxModel {
  return 'onnx' in n;
}

/** The explainer for a loaded network, set up as its descriptor says. */
export function explainerFor(n: LoadedNetwork): Explainer {
  const { input, output, defaultLayer } = n.descriptor;
  const options = { inputSize: input, output, defaultLayer };
  return isOnnxNetwork(n) ? Explainer.fromGraph(n.onnx.graph, options) : Explainer.create(n.model, options);
}

export function disposeNetwork(n: LoadedNetwork): void {
  if (isOnnxNetwork(n)) n.onnx.dispose();
  else n.model.dispose();
}

/** A .onnx URL loads as ONNX, anything else as a tfjs model.json. */
export function loadNetworkFromUrl(url: string, opts: { descriptorUrl?: string; fetch?: Fetch } = {}): Promise<LoadedNetwork> {
  return isOnnxName(url) ? loadOnnxFromUrl(url, opts) : loadModelFromUrl(url, opts);
}

/** Picked files holding a .onnx load as ONNX, else as model.json + shards. */
export function loadNetworkFromFiles(files: readonly File[]): Promise<LoadedNetwork> {
  return files.some((f) => isOnnxName(f.name)) ? loadOnnxFromFiles(files) : loadModelFromFiles(files);
}
