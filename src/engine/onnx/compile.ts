import * as tf from '@tensorflow/tfjs-core';
import { ReplayCache } from '../replayCache';
import type { OpGraph, OpNode } from '../opGraph';
import { defaultOpset, MAX_OPSET, MIN_OPSET, orderNodes, unsupportedOperators } from './check';
import { fromTensorProto, TYPE_NAMES } from './constTensor';
import { onnxShape } from './layout';
import { ONNX_OPS } from './ops';
import { Attributes, type OpContext, type Value } from './ops/types';
import { decodeModel, type ModelProto, type ValueInfoProto } from './proto';
import type { Size } from '../../imaging/geometry';

// The ONNX front end: checks the whole graph, then compiles it into the engine's OpGraph by
// running it once on a zero image of the explained size. That run folds every constant
// (shape arithmetic included), converts weights to NHWC once and gives every tensor's shape.

export interface OnnxCompileOptions {
  /** Required when the model's input height or width is dynamic. */
  inputSize?: Size;
  /** The graph output holding the logits (default: the only output). */
  outputName?: string;
}

export interface OnnxModel {
  graph: OpGraph;
  inputName: string;
  outputName: string;
  opset: number;
  /** ONNX input dims as declared, null where dynamic: [N, C, H, W]. */
  declaredInput: (number | null)[];
  /** Channels (classes) of the logits. */
  outputChannels: number;
  /** Frees the converted weights. */
  dispose(): void;
}

function dimsOf(info: ValueInfoProto): (number | null)[] | null {
  const dims = info.type?.tensorType?.shape?.dim;
  if (!dims) return null;
  return dims.map((d) => (d.dimValue !== undefined && Number(d.dimValue) > 0 ? Number(d.dimValue) : null));
}

function imageInput(model: ModelProto, initialisers: Set<string>): { name: string; dims: (number | null)[] } {
  const inputs = (model.graph?.input ?? []).filter((i) => !initialisers.has(i.name));
  if (inputs.length !== 1) {
    throw new Error(`the model has ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); one image input [1, 3, H, W] is needed`);
  }
  const input = inputs[0];
  const elemType = input.type?.tensorType?.elemType;
  if (elemType !== undefined && elemType !== 1) {
    throw new Error(`input "${input.name}" is ${TYPE_NAMES[elemType] ?? elemType}; a float32 image input is needed`);
  }
  const dims = dimsOf(input);
  if (!dims || dims.length !== 4) {
    throw new Error(`input "${input.name}" has rank ${dims?.length ?? 'unknown'}; an image input [1, 3, H, W] (rank 4) is needed`);
  }
  if ((dims[0] !== null && dims[0] !== 1) || (dims[1] !== null && dims[1] !== 3)) {
    throw new Error(`input "${input.name}" is [${dims.map((d) => d ?? '?').join(', ')}]; an image input [1, 3, H, W] is needed`);
  }
  return { name: input.name, dims };
}

function resolveSize(dims: (number | null)[], requested: OnnxCompileOptions['inputSize']): Size {
  const [, , h, w] = dims;
  if (h !== null && w !== null) {
    if (requested && (requested.height !== h || requested.width !== w)) {
      throw new Error(`the descriptor's input ${requested.height}×${requested.width} differs from the model's fixed input ${h}×${w}`);
    }
    return { height: h, width: w };
  }
  if (!requested) throw new Error('the model input size is dynamic: give "input": {"height": H, "width": W} in segcam.json');
  return requested;
}

/** The image input and its fixed size, if any, before anything is compiled. */
export function onnxSignature(model: ModelProto): { inputName: string; inputSize?: { height: number; width: number } } {
  const graph = model.graph;
  if (!graph) throw new Error('the ONNX file holds no graph');
  const input = imageInput(model, new Set(graph.initializer.map((t) => t.name)));
  const [, , h, w] = input.dims;
  return { inputName: input.name, inputSize: h !== null && w !== null ? { height: h, width: w } : undefined };
}

export function compileOnnx(source: Uint8Array | ModelProto, options: OnnxCompileOptions = {}): OnnxModel {
  const model = source instanceof Uint8Array ? decodeModel(source) : source;
  const graph = model.graph;
  if (!graph) throw new Error('the ONNX file holds no graph');
  const opset = defaultOpset(model);
  if (opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new Error(`the model uses opset ${opset}; opsets ${MIN_OPSET} to ${MAX_OPSET} are supported (export with opset_version=17)`);
  }
  const initialisers = new Set(graph.initializer.map((t) => t.name));
  const input = imageInput(model, initialisers);
  const outputs = graph.output.map((o) => o.name);
  const outputName = options.outputName ?? (outputs.length === 1 ? outputs[0] : '');
  if (!outputs.includes(outputName)) {
    throw new Error(
      options.outputName
        ? `the model has no output "${options.outputName}" (outputs: ${outputs.join(', ')})`
        : `the model has ${outputs.length} outputs (${outputs.join(', ')}); name the logits in segcam.json`,
    );
  }
  const order = orderNodes(graph.node, new Set([input.name, ...initialisers]), outputName);
  const refusal = unsupportedOperators(order, opset);
  if (refusal) throw new Error(refusal);
  const size = resolveSize(input.dims, options.inputSize);

  const values = new Map<string, Value>();
  for (const t of graph.initializer) values.set(t.name, { kind: 'const', value: fromTensorProto(t, `initialiser "${t.name}"`) });
  const owned: tf.Tensor[] = [];
  const ids = new Map<string, number>([[input.name, 0]]);
  const trace = new Map<string, tf.Tensor>();
  const nodes: OpNode[] = [];
  const lastUse = new Map<string, number>();
  order.forEach((node, k) => node.input.forEach((i) => lastUse.set(i, k)));
  lastUse.set(outputName, order.length);
  const traceCache = new ReplayCache();
  let softmaxHead: OpGraph['softmaxHead'] = 'none';
  let nextId = 1;
  try {
    const zeros = tf.zeros([1, size.height, size.width, 3]);
    trace.set(input.name, zeros);
    values.set(input.name, { kind: 'dyn', shape: [1, 3, size.height, size.width] });
    order.forEach((node, k) => {
      const name = node.output[0];
      const ctx: OpContext = {
        node,
        name,
        opset,
        inputs: node.input.map((i) => (i === '' ? null : (values.get(i) as Value))),
        attr: new Attributes(node.attribute, `node ${name} (${node.opType})`),
        own: (t) => {
          owned.push(t);
          return t;
        },
      };
      let result;
      try {
        result = ONNX_OPS[node.opType](ctx);
      } catch (e) {
        const message = (e as Error).message;
        throw new Error(message.startsWith('node ') ? message : `node ${name} (${node.opType}): ${message}`);
      }
      if (result.kind === 'const') {
        result.outputs.forEach((c, j) => values.set(node.output[j], { kind: 'const', value: c }));
      } else if (result.kind === 'alias') {
        const from = node.input[result.input];
        values.set(name, values.get(from) as Value);
        if (ids.has(from)) ids.set(name, ids.get(from) as number);
        const t = trace.get(from);
        if (t) trace.set(name, t);
      } else {
        const dynamic = node.input.map((i) => (i !== '' && ids.has(i) && values.get(i)?.kind === 'dyn' ? i : null));
        const dynIds = dynamic.filter((i): i is string => i !== null).map((i) => ids.get(i) as number);
        const run = result.run;
        const align = (xs: tf.Tensor[]): (tf.Tensor | null)[] => {
          let at = 0;
          return dynamic.map((i) => (i === null ? null : xs[at++]));
        };
        const out = tf.tidy(() => run(node.input.map((i) => (ids.has(i) ? (trace.get(i) as tf.Tensor) : null)), traceCache));
        const id = nextId++;
        ids.set(name, id);
        trace.set(name, out);
        values.set(name, { kind: 'dyn', shape: onnxShape(out.shape) });
        nodes.push({
          name,
          className: node.opType,
          inputs: dynIds,
          outputs: [id],
          run: (xs, cache) => [run(align(xs), cache)],
          keepsResolution: result.keepsResolution,
        });
      }
      // Trace tensors no later node reads are freed at once (big models at full size).
      for (const i of new Set(node.input)) {
        if (lastUse.get(i) === k && i !== input.name) {
          const t = trace.get(i);
          if (t && ![...trace.entries()].some(([n, v]) => v === t && n !== i && (lastUse.get(n) ?? -1) > k)) t.dispose();
          trace.delete(i);
        }
      }
    });
    const out = values.get(outputName);
    if (!out || out.kind !== 'dyn') throw new Error(`the output "${outputName}" does not depend on the image input`);
    if (out.shape.length !== 4) throw new Error(`the output "${outputName}" is [${out.shape.join(', ')}]; per-pixel logits [1, C, H, W] are needed`);
    const last = nodes.at(-1);
    if (last && last.className === 'Softmax' && ids.get(outputName) === last.outputs[0]) {
      nodes.pop();
      softmaxHead = 'softmax-layer';
      ids.set(outputName, last.inputs[0]);
    }
    const result: OnnxModel = {
      graph: { inputId: 0, inputShape: [1, size.height, size.width, 3], nodes, outputId: ids.get(outputName) as number, softmaxHead },
      inputName: input.name,
      outputName,
      opset,
      declaredInput: input.dims,
      outputChannels: out.shape[1],
      dispose: () => tf.dispose(owned),
    };
    return result;
  } catch (e) {
    tf.dispose(owned);
    throw e;
  } finally {
    tf.dispose([...trace.values()]);
    traceCache.dispose();
  }
}
