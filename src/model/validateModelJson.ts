// model.json checked before tfjs sees it. tfjs-layers rebuilds a functional graph by retrying
// every layer whose inputs do not exist yet until none is left: an inbound name that names no
// layer, a node index no layer will have, or a cycle makes it loop forever at full CPU. Here
// the graph is checked as data (names, node indices, acyclicity, declared inputs and outputs),
// with counts and sizes capped, and each problem is one line naming the layer or field.
import {
  formatBytes,
  MAX_MODEL_BYTES,
  MAX_MODEL_LAYERS,
  MAX_WEIGHT_SHARDS,
  MAX_WEIGHT_TENSORS,
} from '../formats/limits';

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

/** Problems beyond this many are summarised: a broken file should not print a novel. */
const MAX_PROBLEMS = 8;

class Problems {
  readonly list: string[] = [];
  private dropped = 0;
  constructor(private readonly source: string) {}
  add(text: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(`${this.source}: ${text}`);
    else this.dropped++;
  }
  get count(): number {
    return this.list.length + this.dropped;
  }
  result(): string[] {
    return this.dropped > 0 ? [...this.list, `${this.source}: … and ${this.dropped} more problems`] : this.list;
  }
}

/** tfjs reads both Keras's snake_case keys and camelCase ones. */
function field(o: Json, snake: string, camel: string): unknown {
  return o[snake] ?? o[camel];
}

const MODEL_CLASSES = new Set(['Model', 'Functional']);

interface GraphCounter {
  layers: number;
}

function layerLabel(layer: unknown, index: number): string {
  return isObject(layer) && typeof layer.name === 'string' ? `layer "${layer.name}"` : `layers[${index}]`;
}

/** [name, nodeIndex, tensorIndex, kwargs?] as tfjs's config holds a layer input. */
function checkTensorRef(ref: unknown, where: string, problems: Problems): { name: string; node: number } | null {
  if (!Array.isArray(ref) || ref.length < 3 || typeof ref[0] !== 'string' || !isIndex(ref[1]) || !isIndex(ref[2])) {
    problems.add(`${where}: expected [layerName, nodeIndex, tensorIndex]`);
    return null;
  }
  return { name: ref[0], node: ref[1] };
}

/** Finds a cycle among (layer, node) pairs; returns its layer names, or null. */
function findCycle(edges: Map<string, string[]>): string[] | null {
  const state = new Map<string, 1 | 2>(); // 1: on the path, 2: done
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const next: number[] = [0];
    state.set(start, 1);
    while (path.length > 0) {
      const top = path[path.length - 1];
      const out = edges.get(top) ?? [];
      const i = next[next.length - 1]++;
      if (i >= out.length) {
        state.set(top, 2);
        path.pop();
        next.pop();
        continue;
      }
      const to = out[i];
      const seen = state.get(to);
      if (seen === 1) return [...path.slice(path.indexOf(to)), to];
      if (seen === undefined) {
        state.set(to, 1);
        path.push(to);
        next.push(0);
      }
    }
  }
  return null;
}

const nodeKey = (name: string, node: number): string => `${name}\u0000${node}`;
const keyLayer = (key: string): string => key.slice(0, key.indexOf('\u0000'));

/** The layer list, counted against the model-wide limit; null (with the problem said) when unusable. */
function countedLayers(layers: unknown, where: string, problems: Problems, counter: GraphCounter): unknown[] | null {
  if (!Array.isArray(layers)) {
    problems.add(`${where}config.layers: expected an array of layers`);
    return null;
  }
  counter.layers += layers.length;
  if (counter.layers > MAX_MODEL_LAYERS) {
    problems.add(`the model has more than ${MAX_MODEL_LAYERS} layers (the limit)`);
    return null;
  }
  return layers;
}

function checkFunctional(config: Json, where: string, problems: Problems, counter: GraphCounter): void {
  const layers = countedLayers(config.layers, where, problems, counter);
  if (!layers) return;
  // How many nodes (calls) each layer will have once rebuilt: an InputLayer has one of its own.
  const nodeCount = new Map<string, number>();
  layers.forEach((layer, i) => {
    if (!isObject(layer) || typeof layer.name !== 'string' || layer.name === '') {
      problems.add(`${where}${layerLabel(layer, i)}: expected an object with a "name"`);
      return;
    }
    const className = field(layer, 'class_name', 'className');
    if (typeof className !== 'string') problems.add(`${where}layer "${layer.name}": "class_name" is missing`);
    const innerName = isObject(layer.config) ? layer.config.name : undefined;
    if (innerName !== undefined && innerName !== layer.name) {
      problems.add(`${where}layer "${layer.name}": its config names it "${String(innerName)}"`);
    }
    if (nodeCount.has(layer.name)) problems.add(`${where}layer "${layer.name}" appears twice`);
    const inbound = field(layer, 'inbound_nodes', 'inboundNodes') ?? [];
    const calls = Array.isArray(inbound) ? inbound.length : 0;
    nodeCount.set(layer.name, className === 'InputLayer' ? 1 : calls);
    if (typeof className === 'string' && (MODEL_CLASSES.has(className) || className === 'Sequential')) {
      checkNestedModel(className, layer.config, `${where}layer "${layer.name}" (nested model): `, problems, counter);
    }
  });

  const edges = new Map<string, string[]>();
  layers.forEach((layer, i) => {
    if (!isObject(layer) || typeof layer.name !== 'string') return;
    const label = `${where}${layerLabel(layer, i)}`;
    const inbound = field(layer, 'inbound_nodes', 'inboundNodes') ?? [];
    if (!Array.isArray(inbound)) {
      problems.add(`${label}: inbound_nodes: expected an array of calls (Keras 3 files are not supported)`);
      return;
    }
    if (field(layer, 'class_name', 'className') === 'InputLayer' && inbound.length > 0) {
      problems.add(`${label}: an InputLayer takes no inputs`);
    }
    inbound.forEach((call, k) => {
      const callWhere = `${label}, inbound node ${k}`;
      if (!Array.isArray(call) || call.length === 0) {
        problems.add(`${callWhere}: expected a non-empty array of inputs`);
        return;
      }
      const from: string[] = [];
      call.forEach((ref, j) => {
        const r = checkTensorRef(ref, `${callWhere}, input ${j}`, problems);
        if (!r) return;
        const count = nodeCount.get(r.name);
        if (count === undefined) problems.add(`${callWhere}: input "${r.name}" is not a layer of the model`);
        else if (r.node >= count) problems.add(`${callWhere}: input "${r.name}" has no node ${r.node} (it is called ${count} time(s))`);
        else from.push(nodeKey(r.name, r.node));
      });
      edges.set(nodeKey(layer.name as string, k), from);
    });
  });
  if (problems.count > 0) return;
  const cycle = findCycle(edges);
  // Found along inputs; said along the data flow.
  if (cycle) problems.add(`${where}the layers form a cycle: ${cycle.map(keyLayer).reverse().join(' → ')}`);

  for (const key of ['input_layers', 'output_layers'] as const) {
    const camel = key === 'input_layers' ? 'inputLayers' : 'outputLayers';
    const refs = field(config, key, camel);
    if (!Array.isArray(refs) || refs.length === 0) {
      problems.add(`${where}config.${key}: expected a non-empty array of [layerName, nodeIndex, tensorIndex]`);
      continue;
    }
    refs.forEach((ref, j) => {
      const r = checkTensorRef(ref, `${where}config.${key}[${j}]`, problems);
      if (!r) return;
      const count = nodeCount.get(r.name);
      if (count === undefined) problems.add(`${where}config.${key}[${j}]: "${r.name}" is not a layer of the model`);
      else if (r.node >= count) problems.add(`${where}config.${key}[${j}]: "${r.name}" has no node ${r.node}`);
    });
  }
}

function checkSequential(config: unknown, where: string, problems: Problems, counter: GraphCounter): void {
  const layers = countedLayers(Array.isArray(config) ? config : isObject(config) ? config.layers : undefined, where, problems, counter);
  if (!layers) return;
  layers.forEach((layer, i) => {
    if (!isObject(layer)) {
      problems.add(`${where}layers[${i}]: expected an object`);
      return;
    }
    const className = field(layer, 'class_name', 'className');
    if (typeof className === 'string' && (MODEL_CLASSES.has(className) || className === 'Sequential')) {
      checkNestedModel(className, layer.config, `${where}${layerLabel(layer, i)} (nested model): `, problems, counter);
    }
  });
}

function checkNestedModel(className: string, config: unknown, where: string, problems: Problems, counter: GraphCounter): void {
  if (className === 'Sequential') checkSequential(config, where, problems, counter);
  else if (!isObject(config)) problems.add(`${where}config: expected an object`);
  else checkFunctional(config, where, problems, counter);
}

/**
 * Problems with a model.json's modelTopology (a Keras model config, possibly wrapped in
 * {model_config}); [] when tfjs can rebuild the graph without looping.
 */
export function topologyProblems(topology: unknown, source: string): string[] {
  const problems = new Problems(source);
  let config: unknown = topology;
  if (isObject(config) && field(config, 'model_config', 'modelConfig') != null) config = field(config, 'model_config', 'modelConfig');
  if (!isObject(config)) {
    problems.add('modelTopology: expected an object');
    return problems.result();
  }
  const className = field(config, 'class_name', 'className');
  if (typeof className !== 'string' || !(MODEL_CLASSES.has(className) || className === 'Sequential')) {
    problems.add(`modelTopology.class_name: expected "Model", "Functional" or "Sequential", got ${JSON.stringify(className) ?? 'nothing'}`);
    return problems.result();
  }
  checkNestedModel(className, config.config, 'modelTopology: ', problems, { layers: 0 });
  return problems.result();
}

const ELEMENT_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };
const QUANTIZED_BYTES: Record<string, number> = { uint8: 1, uint16: 2, float16: 2 };

export interface ManifestSummary {
  weightPaths: string[];
  totalBytes: number;
}

/**
 * Problems with a weightsManifest (groups of {paths, weights}): shard paths, counts, dtypes,
 * shapes and the bytes they add up to, all within the limits.
 */
export function manifestProblems(manifest: unknown, source: string): { problems: string[]; summary: ManifestSummary } {
  const problems = new Problems(source);
  const summary: ManifestSummary = { weightPaths: [], totalBytes: 0 };
  if (!Array.isArray(manifest)) {
    problems.add('weightsManifest: expected an array of groups {paths, weights}');
    return { problems: problems.result(), summary };
  }
  let tensors = 0;
  const names = new Set<string>();
  manifest.forEach((group, g) => {
    const where = `weightsManifest[${g}]`;
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      problems.add(`${where}: expected {paths: [...], weights: [...]}`);
      return;
    }
    group.paths.forEach((p, i) => {
      if (typeof p !== 'string' || p.trim() === '') problems.add(`${where}.paths[${i}]: expected a file name`);
      else summary.weightPaths.push(p);
    });
    tensors += group.weights.length;
    if (tensors > MAX_WEIGHT_TENSORS) return;
    group.weights.forEach((w, i) => {
      const at = isObject(w) && typeof w.name === 'string' ? `weight "${w.name}"` : `${where}.weights[${i}]`;
      if (!isObject(w) || typeof w.name !== 'string' || w.name === '') {
        problems.add(`${at}: expected {name, shape, dtype}`);
        return;
      }
      if (names.has(w.name)) problems.add(`${at} is listed twice`);
      names.add(w.name);
      const shape = w.shape;
      if (!Array.isArray(shape) || !shape.every(isIndex)) {
        problems.add(`${at}: shape: expected an array of non-negative integers`);
        return;
      }
      let bytes = ELEMENT_BYTES[String(w.dtype)];
      if (bytes === undefined) {
        problems.add(`${at}: dtype ${JSON.stringify(w.dtype) ?? 'missing'} is not float32, int32 or bool`);
        return;
      }
      if (w.quantization !== undefined) {
        const q = isObject(w.quantization) ? QUANTIZED_BYTES[String(w.quantization.dtype)] : undefined;
        if (q === undefined || w.dtype === 'bool') {
          problems.add(`${at}: quantization: expected {dtype: uint8, uint16 or float16} on a float32 or int32 weight`);
          return;
        }
        bytes = q;
      }
      // Multiplied as doubles: past MAX_MODEL_BYTES the exact figure does not matter.
      summary.totalBytes += shape.reduce((a: number, b: number) => a * b, 1) * bytes;
    });
  });
  if (tensors > MAX_WEIGHT_TENSORS) problems.add(`weightsManifest lists ${tensors} weight tensors; the limit is ${MAX_WEIGHT_TENSORS}`);
  if (summary.weightPaths.length > MAX_WEIGHT_SHARDS) {
    problems.add(`weightsManifest lists ${summary.weightPaths.length} weight files; the limit is ${MAX_WEIGHT_SHARDS}`);
  }
  if (summary.totalBytes > MAX_MODEL_BYTES) {
    problems.add(`the weights add up to ${formatBytes(summary.totalBytes)}; the limit is ${formatBytes(MAX_MODEL_BYTES)}`);
  }
  return { problems: problems.result(), summary };
}
