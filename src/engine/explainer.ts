import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { compileLayersModel } from './layersGraph';
import type { OpGraph } from './opGraph';
import { LiveValues } from './liveValues';
import { ReplayCache } from './replayCache';
import { methodMaps, saliencyMap, type LayerMethod } from './methods';
import { assignRoles } from './roles';
import { METHODS, type ExplainableLayer, type Explanation, type LayerExplanation, type Method, type Target } from './types';
import { readTogether } from './readback';
import type { Size } from '../imaging/geometry';

export interface ExplainerOptions {
  /** Needed when the model's input is [null,null,null,3]; else taken from the model. */
  inputSize?: Size;
  /** 'softmax' → explain the tensor before the final softmax (also auto-detected). */
  output?: 'logits' | 'softmax';
  /** Descriptor's defaultLayer; falls back to the bottleneck. Unknown name → clear Error. */
  defaultLayer?: string;
  /**
   * Take the layers' shapes from the model when it declares them all at this size, instead of
   * a forward pass: creation is then instant, and a model that cannot run fails at its first
   * pass instead of here (the first pass also checks the shapes). Default: run the pass.
   */
  declaredShapes?: boolean;
}

/** Which layers and methods one explain() call computes (default: all layers, Seg-Grad-CAM). */
export interface ExplainOptions {
  layers?: string[];
  methods?: Method[];
}

export interface LayerGradients {
  score: number;
  layers: { layer: string; shape: [number, number, number]; activation: Float32Array; gradient: Float32Array }[];
}

/** Per probed layer: where its output lives in the replay. */
interface ProbeSite {
  name: string;
  nodeIndex: number;
  shape: [number, number, number];
}

function resolveInputSize(shape: (number | null)[], requested: Size | undefined): Size {
  if (shape.length !== 4) throw new Error(`the model input must be [batch,H,W,3], got [${shape.join(',')}]`);
  const [, h, w, c] = shape;
  if (c !== null && c !== 3) throw new Error(`the model input must have 3 channels, got ${c}`);
  if (h !== null && w !== null) {
    if (requested && (requested.height !== h || requested.width !== w)) {
      throw new Error(`inputSize ${requested.height}×${requested.width} differs from the model's fixed input ${h}×${w}`);
    }
    return { height: h, width: w };
  }
  if (!requested) throw new Error('the model input size is not fixed ([null,null,null,3]): pass inputSize');
  return requested;
}

function siteArea(site: ProbeSite | undefined, nodeIndex: number): number | null {
  return site?.nodeIndex === nodeIndex ? site.shape[0] * site.shape[1] : null;
}

/**
 * Each node's first output shape and the logits' shape, when the front end declares every one
 * for this input size (the graph's input fixed at it); null otherwise.
 */
function declaredShapes(graph: OpGraph, size: Size): { nodes: number[][]; output: number[] } | null {
  const [, h, w] = graph.inputShape;
  if (h !== size.height || w !== size.width) return null;
  const known = (shape: (number | null)[]): number[] | null =>
    shape.length > 0 && shape.slice(1).every((d) => d !== null) ? [1, ...(shape.slice(1) as number[])] : null;
  const nodes: number[][] = [];
  let output: number[] | null = null;
  for (const [i, node] of graph.nodes.entries()) {
    const shapes = node.outputShapes?.map(known);
    if (!shapes || shapes.length === 0 || shapes.some((s) => s === null)) return null;
    nodes[i] = shapes[0] as number[];
    const j = node.outputs.indexOf(graph.outputId);
    if (j >= 0) output = shapes[j];
  }
  return output ? { nodes, output } : null;
}

/** The deepest bottleneck layer that computes something (not a dropout). */
function defaultBottleneck(layers: ExplainableLayer[], isIdentity: (name: string) => boolean): string {
  const bottleneck = layers.filter((l) => l.role === 'bottleneck');
  const computing = bottleneck.filter((l) => !isIdentity(l.name));
  return (computing.length > 0 ? computing : bottleneck).at(-1)?.name ?? layers.at(-1)?.name ?? '';
}

/** Replays a compiled graph (from a LayersModel or ONNX) with probes and explains its per-pixel logits (see docs/method.md). */
export class Explainer {
  readonly layers: ExplainableLayer[];
  readonly defaultLayer: string;
  readonly inputSize: Size;
  readonly outputSize: Size;
  readonly numClasses: number;
  private readonly graph: OpGraph;
  private readonly sites = new Map<string, ProbeSite>();
  /** Per graph node, the nodes whose outputs it reads. */
  private readonly parents: number[][];
  /** Per value id, the node that computes it (the image has none). */
  private readonly producer = new Map<number, number>();
  /** Per graph node, whether it depends on the image. */
  private readonly readsImage: boolean[];
  /** Per value id, the last node that reads it. */
  private readonly lastReader = new Map<number, number>();
  /** Per node, the output shape its front end declared, until a pass has confirmed them all. */
  private unverifiedShapes: number[][] | null = null;
  private disposed = false;
  private readonly cache = new ReplayCache();
  /**
   * Per node that is one operation the cache keeps the output of, applied to its input (a
   * convolution, a batch norm): that output's key. Such a node's output is looked up instead of
   * computed, and its input gradient taken without running it or reading its input.
   */
  private readonly cachedOperations = new Map<number, string>();
  /** Where the cache stood before each node in the last pass that used it: every pass's the same. */
  private positions: ReadonlyMap<number, number>[] | null = null;

  private constructor(graph: OpGraph, options: ExplainerOptions) {
    if (options.output === 'softmax' && graph.softmaxHead === 'none') {
      const last = graph.nodes.at(-1);
      throw new Error(`the descriptor says output "softmax", but the last layer (${last?.name ?? 'none'}) is not a softmax`);
    }
    this.graph = graph;
    this.inputSize = resolveInputSize(this.graph.inputShape, options.inputSize);
    const { height, width } = this.inputSize;

    this.graph.nodes.forEach((node, i) => node.inputs.forEach((id) => this.lastReader.set(id, i)));
    // Every layer's output shape: from one forward pass at the explained size, or as the front
    // end declares them (see ExplainerOptions.declaredShapes; the first pass that runs checks them).
    const declared = options.declaredShapes ? declaredShapes(this.graph, this.inputSize) : null;
    const nodeShapes: number[][] = declared?.nodes ?? [];
    let outputShape: number[];
    if (declared) {
      outputShape = declared.output;
      this.unverifiedShapes = declared.nodes;
    } else {
      outputShape = tf.tidy(() => {
        const logits = this.replay(tf.zeros([1, height, width, 3]), null, new Map(), (i, t) => {
          nodeShapes[i] = t.shape;
        });
        return logits.shape;
      });
    }
    if (outputShape.length !== 4 || outputShape[0] !== 1) {
      throw new Error(`the model output must be [1,H,W,C] (per-pixel class scores), got [${outputShape.join(',')}]`);
    }
    this.outputSize = { height: outputShape[1], width: outputShape[2] };
    this.numClasses = outputShape[3];

    // A layer applied several times is explained at its last application.
    this.graph.nodes.forEach((node, i) => {
      const shape = nodeShapes[i];
      if (shape?.length === 4 && shape[1] * shape[2] > 1) {
        this.sites.delete(node.name);
        this.sites.set(node.name, { name: node.name, nodeIndex: i, shape: [shape[1], shape[2], shape[3]] });
      } else if (this.sites.has(node.name)) {
        this.sites.delete(node.name);
      }
    });
    this.graph.nodes.forEach((node, i) => node.outputs.forEach((id) => this.producer.set(id, i)));
    const parents = this.graph.nodes.map((node) =>
      node.inputs.map((id) => this.producer.get(id)).filter((p): p is number => p !== undefined),
    );
    this.parents = parents;
    this.readsImage = [];
    this.graph.nodes.forEach((node, i) => {
      this.readsImage[i] = node.inputs.includes(this.graph.inputId) || parents[i].some((p) => this.readsImage[p]);
    });
    const roles = assignRoles(
      this.graph.nodes.map((node, i) => ({
        area: siteArea(this.sites.get(node.name), i),
        parents: parents[i],
        keepsParentResolution: node.keepsResolution === true,
      })),
    );
    const ordered = [...this.sites.values()].sort((a, b) => a.nodeIndex - b.nodeIndex);
    this.layers = ordered.map((site) => ({
      name: site.name,
      className: this.graph.nodes[site.nodeIndex].className,
      shape: site.shape,
      role: roles[site.nodeIndex] ?? 'encoder',
    }));
    if (options.defaultLayer !== undefined) {
      this.requireLayer(options.defaultLayer);
      this.defaultLayer = options.defaultLayer;
    } else {
      const identities = new Set(this.graph.nodes.filter((n) => n.identity).map((n) => n.name));
      this.defaultLayer = defaultBottleneck(this.layers, (name) => identities.has(name));
    }
  }

  /** From a tfjs LayersModel (its layer calls become the graph's nodes). */
  static create(model: LayersModel, options: ExplainerOptions = {}): Explainer {
    return new Explainer(compileLayersModel(model, options.output), options);
  }

  /** From an already compiled graph (e.g. an ONNX model); the caller keeps owning the graph. */
  static fromGraph(graph: OpGraph, options: ExplainerOptions = {}): Explainer {
    return new Explainer(graph, options);
  }

  /** Pre-softmax logits [1,H,W,C] for a preprocessed input [1,H,W,3]. Caller disposes. */
  predict(input: tf.Tensor4D): tf.Tensor4D {
    this.checkInput(input);
    return tf.tidy(() => this.replay(input, input, new Map()));
  }

  /** labels (argmax) and the softmax probability of that label, per output pixel. */
  async segment(input: tf.Tensor4D): Promise<{ labels: Uint8Array; probability: Float32Array }> {
    this.checkInput(input);
    const [labels, probability] = tf.tidy(() => {
      const logits = this.replay(input, input, new Map());
      return [tf.argMax(logits, 3), tf.max(tf.softmax(logits), 3)];
    });
    try {
      const [labelData, probabilityData] = await Promise.all([labels.data(), probability.data()]);
      return { labels: Uint8Array.from(labelData), probability: Float32Array.from(probabilityData) };
    } finally {
      labels.dispose();
      probability.dispose();
    }
  }

  /**
   * S for the target with `perturbations[layer]` added to that layer's output: the
   * forward the gradients are taken of (finite-difference checks, ablations).
   */
  score(input: tf.Tensor4D, target: Target, perturbations: Record<string, tf.Tensor> = {}): number {
    this.checkInput(input);
    this.checkTarget(target);
    const probes = new Map<number, tf.Tensor>();
    for (const [name, delta] of Object.entries(perturbations)) {
      const site = this.requireLayer(name);
      const expected = [1, ...site.shape];
      if (delta.shape.join() !== expected.join()) {
        throw new Error(`perturbation of ${name} must be [${expected.join(',')}], got [${delta.shape.join(',')}]`);
      }
      probes.set(site.nodeIndex, delta);
    }
    // Scores are taken of variants (perturbed layers, images with pixels deleted): a pass that
    // kept their outputs would evict those of the image being explained, and the next click
    // would pay the whole forward pass again.
    return tf.tidy(() => this.targetScore(this.replay(input, null, probes), target)).dataSync()[0];
  }

  /**
   * ONE backward pass for all requested layers (default: all explainable layers), then
   * the requested methods (default ['seg-grad-cam']) from the same gradients.
   */
  async explain(input: tf.Tensor4D, target: Target, request: ExplainOptions = {}): Promise<Explanation[]> {
    this.checkInput(input);
    const maskSize = this.checkTarget(target);
    const methods = request.methods ?? ['seg-grad-cam'];
    for (const m of methods) if (!METHODS.includes(m)) throw new Error(`unknown method "${m}"; known: ${METHODS.join(', ')}`);
    const layerMethods = methods.filter((m): m is LayerMethod => m !== 'saliency');
    const wantSaliency = methods.includes('saliency');
    const layerNames = layerMethods.length === 0 ? [] : (request.layers ?? this.layers.map((l) => l.name));
    const sites = layerNames.map((name) => this.requireLayer(name)).sort((a, b) => a.nodeIndex - b.nodeIndex);

    // Per layer and method: [alpha, raw], computed as soon as the layer's gradient exists.
    const { score, perLayer, inputGradient } = this.backward(input, target, sites, wantSaliency, (activation, gradient) =>
      layerMethods.flatMap((method) => {
        const { alpha, raw } = methodMaps(method, activation, gradient);
        return [alpha, raw];
      }),
    );
    const saliency = inputGradient ? saliencyMap(inputGradient) : null;
    inputGradient?.dispose();
    const computed = [score, ...perLayer.flat(), ...(saliency ? [saliency] : [])];
    try {
      const [[scoreValue], ...values] = await readTogether(computed);
      const explanations: Explanation[] = layerMethods.map((method, m) => ({
        method,
        classIndex: target.classIndex,
        maskSize,
        score: scoreValue,
        input: { ...this.inputSize },
        layers: sites.map((site, i) => {
          const at = (i * layerMethods.length + m) * 2;
          return this.layerExplanation(site, values[at], values[at + 1]);
        }),
      }));
      if (saliency) {
        const { height, width } = this.inputSize;
        const site: ProbeSite = { name: 'input', nodeIndex: -1, shape: [height, width, 3] };
        explanations.push({
          method: 'saliency',
          classIndex: target.classIndex,
          maskSize,
          score: scoreValue,
          input: { ...this.inputSize },
          layers: [this.layerExplanation(site, new Float32Array(0), values[values.length - 1], 'encoder')],
        });
      }
      return methods.map((method) => explanations.find((e) => e.method === method) as Explanation);
    } finally {
      tf.dispose(computed);
    }
  }

  /**
   * The raw ingredients from the same single backward pass: S, and per layer its
   * activations A and ∂S/∂A (row-major [h,w,k]), for exports and checks.
   */
  async gradients(input: tf.Tensor4D, target: Target, layers?: string[]): Promise<LayerGradients> {
    this.checkInput(input);
    this.checkTarget(target);
    const names = layers ?? this.layers.map((l) => l.name);
    const sites = names.map((name) => this.requireLayer(name)).sort((a, b) => a.nodeIndex - b.nodeIndex);
    const { score, perLayer } = this.backward(input, target, sites, false, (activation, gradient) => [
      tf.reshape(activation, [-1]),
      tf.reshape(gradient, [-1]),
    ]);
    const computed = [score, ...perLayer.flat()];
    try {
      const [[scoreValue], ...values] = await readTogether(computed);
      return {
        score: scoreValue,
        layers: sites.map((site, i) => ({
          layer: site.name,
          shape: site.shape,
          activation: values[2 * i],
          gradient: values[2 * i + 1],
        })),
      };
    } finally {
      tf.dispose(computed);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.cache.dispose();
  }

  /**
   * The forward replay; probes are added to the outputs of the given nodes. `image`: the
   * unperturbed image the pass computes (its convolutions may be reused from, and kept
   * for, other passes over it); null when the pass's values are its own (see ReplayCache).
   * Run inside a tidy: the logits are the caller's.
   */
  private replay(
    input: tf.Tensor4D,
    image: tf.Tensor4D | null,
    probes: Map<number, tf.Tensor>,
    onOutput?: (nodeIndex: number, output: tf.Tensor) => void,
  ): tf.Tensor4D {
    const { outputId } = this.graph;
    try {
      const { values } = this.forward(input, image, { probes, onOutput, keep: (id) => id === outputId });
      return values.require(outputId, 'the model output') as tf.Tensor4D;
    } finally {
      this.cache.endPass();
    }
  }

  /**
   * One pass over the graph's nodes, each run in its own tidy. A value is freed once its last
   * reader has run unless `keep` says otherwise. Returns the values left, every one its own
   * tensor (a pass-through node's output is a reshape of its input: a gradient belongs to one
   * id), and where the cache stood before each node. The caller ends the cache's pass.
   */
  private forward(
    input: tf.Tensor4D,
    image: tf.Tensor4D | null,
    {
      probes,
      onOutput,
      keep,
    }: { probes?: Map<number, tf.Tensor>; onOutput?: (nodeIndex: number, output: tf.Tensor) => void; keep: (id: number, value: tf.Tensor) => boolean },
  ): { values: LiveValues; positions: ReadonlyMap<number, number>[] } {
    this.cache.beginPass(image, image ? this.graph.weights?.() : undefined);
    const values = new LiveValues(new Set([input]));
    const positions: ReadonlyMap<number, number>[] = [];
    values.set(this.graph.inputId, input);
    try {
      this.graph.nodes.forEach((node, i) => {
        positions[i] = this.cache.position();
        const inputs = node.inputs.map((id) => values.require(id, node.name));
        const outputs = this.runNode(i, inputs, probes?.get(i));
        this.confirmShape(i, outputs[0]);
        onOutput?.(i, outputs[0]);
        this.setOutputs(node.outputs, outputs, values);
        for (const id of new Set(node.inputs)) {
          if (this.lastReader.get(id) === i && !keep(id, values.require(id, node.name))) values.release(id);
        }
      });
      this.unverifiedShapes = null;
      if (image) this.positions = positions;
      return { values, positions };
    } catch (error) {
      values.releaseAll();
      throw error;
    }
  }

  /**
   * S = Σ_M y[c] and, per requested layer, `perLayer(A, ∂S/∂A)`, from the logits (see
   * sweepStart) and one backward sweep over the graph's nodes, last to first. The sweep differentiates each node
   * on its own (run again on its inputs), hands a layer's gradient to `perLayer` as soon as it
   * is complete, and frees every gradient and activation once nothing earlier needs it: tfjs's
   * tape would hold them all until the end, and the peak memory is what the first explanation
   * pays for. For the same reason the forward pass keeps only what the cache holds anyway (the
   * convolutions' and batch norms' outputs); the sweep computes the element-wise rest again
   * when it reaches it (see materialize).
   * The caller disposes score, every perLayer tensor and inputGradient.
   */
  private backward(
    input: tf.Tensor4D,
    target: Target,
    sites: ProbeSite[],
    wantInputGradient: boolean,
    perLayer: (activation: tf.Tensor4D, gradient: tf.Tensor4D) => tf.Tensor[],
  ): { score: tf.Scalar; perLayer: tf.Tensor[][]; inputGradient: tf.Tensor4D | null } {
    const { nodes, inputId, outputId } = this.graph;
    const requested = new Set(sites.map((s) => s.nodeIndex));
    const slotOf = new Map(sites.map((s, i) => [s.nodeIndex, i]));
    // A node's output carries a gradient someone asked for when it is, or depends on, a
    // requested layer (or, for saliency, the image). Nodes come in graph order: parents first.
    const carries: boolean[] = [];
    nodes.forEach((_node, i) => {
      carries[i] = requested.has(i) || (wantInputGradient && this.readsImage[i]) || this.parents[i].some((p) => carries[p]);
    });
    const wanted = (id: number): boolean => {
      if (id === inputId) return wantInputGradient;
      const p = this.producer.get(id);
      return p !== undefined && carries[p];
    };
    const differentiated = nodes.map((node) => node.inputs.some(wanted));
    // What the sweep reads again: a differentiated node's inputs, a requested layer's output.
    // Of these the forward pass keeps the image, the logits and what costs no memory; the sweep
    // computes the others again.
    const readLater = new Set<number>([outputId]);
    nodes.forEach((node, i) => {
      if (differentiated[i]) node.inputs.forEach((id) => readLater.add(id));
      if (requested.has(i)) readLater.add(node.outputs[0]);
    });

    const gradients = new LiveValues(new Set());
    const results: tf.Tensor[][] = [];
    let values: LiveValues | null = null;
    let score: tf.Scalar | null = null;
    try {
      const pass = this.sweepStart(input, (id, value) => id === inputId || id === outputId || (readLater.has(id) && this.cache.keeps(value)));
      values = pass.values;
      const logits = values.require(outputId, 'the model output') as tf.Tensor4D;
      const mask = tf.tensor(Float32Array.from(target.mask, (v) => (v ? 1 : 0)), [1, this.outputSize.height, this.outputSize.width, 1]);
      const top = tf.engine().gradients(() => this.targetScore(logits, target, mask), [logits]);
      mask.dispose();
      score = top.value as tf.Scalar;
      gradients.set(outputId, top.grads[0]);

      for (let i = nodes.length - 1; i >= 0; i--) {
        const node = nodes[i];
        const dys = node.outputs.map((id) => (gradients.has(id) ? gradients.require(id, node.name) : null));
        const slot = slotOf.get(i);
        const dy = dys[0] as tf.Tensor4D | null;
        const takeMaps = slot === undefined || !dy ? undefined : (activation: tf.Tensor) => {
          results[slot] = tf.tidy(() => perLayer(activation as tf.Tensor4D, dy).map((t) => tf.keep(t)));
        };
        // A one-output layer whose product runs it again takes its maps from that run (it would
        // otherwise run twice: a concatenation or a padding copies its whole output each time).
        const differentiates = differentiated[i] && dys.some((d) => d !== null);
        const runsAgain = differentiates && dys.length === 1 && !this.cachedInputGradient(i, dys);
        if (takeMaps && !runsAgain) takeMaps(this.materialize(node.outputs[0], values, pass.positions));
        // Its outputs are read by no earlier node, and its product below runs it again (or
        // looks its output up): their memory serves that run.
        for (const id of node.outputs) values.release(id);
        if (differentiates) this.differentiateNode(i, values, gradients, dys, wanted, pass.positions, runsAgain ? takeMaps : undefined);
        if (takeMaps && results[slot!] === undefined) {
          takeMaps(this.materialize(node.outputs[0], values, pass.positions)); // its product ran nothing (integer inputs only)
          for (const id of node.outputs) values.release(id);
        }
        for (const id of node.outputs) gradients.release(id);
      }

      const missing = sites.find((_s, i) => !results[i]);
      if (missing) throw new Error(`internal: no gradient reached layer ${missing.name}`);
      const inputGradient = wantInputGradient ? (tf.clone(gradients.require(inputId, 'the image')) as tf.Tensor4D) : null;
      return { score, perLayer: results, inputGradient };
    } catch (error) {
      tf.dispose(results.flat());
      score?.dispose();
      throw this.explainGradientError(error);
    } finally {
      values?.releaseAll();
      gradients.releaseAll();
      this.cache.endPass();
    }
  }

  /**
   * The values a backward sweep over `input` starts from. When the cache keeps this image's
   * logits (it was segmented or clicked before), only the image and the logits: the sweep looks
   * up or computes what else it reads. Otherwise one forward pass, keeping what `keep` says.
   */
  private sweepStart(input: tf.Tensor4D, keep: (id: number, value: tf.Tensor) => boolean): { values: LiveValues; positions: ReadonlyMap<number, number>[] } {
    const { inputId, outputId } = this.graph;
    this.cache.beginPass(input, this.graph.weights?.());
    const logitsNode = this.producer.get(outputId);
    const logits = this.positions && logitsNode !== undefined ? this.keptOutput(logitsNode) : undefined;
    if (!logits || !this.positions) return this.forward(input, input, { keep });
    const values = new LiveValues(new Set([input]));
    values.set(inputId, input);
    values.set(outputId, logits);
    return { values, positions: this.positions };
  }

  /**
   * Adds node i's vector-Jacobian product, ∂S/∂(its inputs) = dys · ∂(outputs)/∂(inputs), to
   * the gradients of its inputs: the node runs again on its kept inputs at the cache position
   * it had in the forward pass, under a tape that holds only that node. onOutput receives the
   * output of that run (a node with one output), before it is freed.
   */
  private differentiateNode(
    i: number,
    values: LiveValues,
    gradients: LiveValues,
    dys: (tf.Tensor | null)[],
    wanted: (id: number) => boolean,
    positions: ReadonlyMap<number, number>[],
    onOutput?: (output: tf.Tensor) => void,
  ): void {
    const node = this.graph.nodes[i];
    const inputGradient = this.cachedInputGradient(i, dys);
    if (inputGradient) {
      // One cached operation on its one input: its input gradient reads neither (see ReplayCache).
      const dy = dys[0] as tf.Tensor;
      const id = node.inputs[0];
      if (wanted(id)) this.addGradient(gradients, id, tf.tidy(() => inputGradient(dy)), node.name);
      return;
    }
    const inputs = node.inputs.map((id) => this.materialize(id, values, positions));
    const ids = [...new Set(node.inputs)].filter((id) => wanted(id) && values.require(id, node.name).dtype === 'float32');
    if (ids.length === 0) return; // only integer inputs lead back to a requested layer: no gradient
    const xs = ids.map((id) => values.require(id, node.name));
    this.cache.rewind(positions[i]);
    const single = dys.length === 1;
    const { value, grads } = tf.engine().gradients(
      () => {
        const outputs = node.run(inputs, this.cache);
        if (single) return outputs[0];
        // Several outputs: Σ_k <output_k, dy_k> has the same input gradient as the product.
        return tf.addN(outputs.flatMap((o, k) => (dys[k] ? [tf.sum(tf.mul(o, dys[k] as tf.Tensor))] : [])));
      },
      xs,
      single ? (dys[0] as tf.Tensor) : undefined,
      true,
    );
    if (single) onOutput?.(value);
    if (!inputs.includes(value)) value.dispose(); // a pass-through node returns its input
    ids.forEach((id, k) => {
      const dx = grads[k];
      if (dx) this.addGradient(gradients, id, dx, node.name);
    });
  }

  /** Node i's input gradient when it is one cached operation with one output gradient (it runs nothing). */
  private cachedInputGradient(i: number, dys: (tf.Tensor | null)[]): ((dy: tf.Tensor) => tf.Tensor) | undefined {
    const key = this.cachedOperations.get(i);
    return key !== undefined && dys.length === 1 && dys[0] ? this.cache.inputGradient(key) : undefined;
  }

  /** Adds dx (taken over) to the gradient of value `id`. */
  private addGradient(gradients: LiveValues, id: number, dx: tf.Tensor, reader: string): void {
    if (!gradients.has(id)) {
      gradients.set(id, dx);
      return;
    }
    const sum = tf.add(gradients.require(id, reader), dx);
    dx.dispose();
    gradients.set(id, sum);
  }

  /**
   * Runs node i on concrete inputs (plus a probe on its first output), and notes whether it is
   * one operation whose output the cache keeps, applied to its one input (cachedOperations).
   */
  private runNode(i: number, inputs: tf.Tensor[], probe?: tf.Tensor): tf.Tensor[] {
    const node = this.graph.nodes[i];
    this.cache.takeLastOperation();
    const outputs = tf.tidy(() => {
      const computed = node.run(inputs, this.cache);
      if (probe) computed[0] = tf.add(computed[0], probe);
      return computed;
    });
    const operation = this.cache.takeLastOperation();
    if (!probe && operation && inputs.length === 1 && outputs.length === 1 && operation.input === inputs[0] && this.cache.keyOf(outputs[0]) === operation.key) {
      this.cachedOperations.set(i, operation.key);
    }
    return outputs;
  }

  /** Each output its own tensor (a pass-through node returns its input): a gradient belongs to one id. */
  private setOutputs(ids: readonly number[], outputs: tf.Tensor[], values: LiveValues): void {
    ids.forEach((id, j) => values.set(id, values.holds(outputs[j]) ? tf.reshape(outputs[j], outputs[j].shape) : outputs[j]));
  }

  /** The output of node i as the cache keeps it for this image, when the node is one cached operation. */
  private keptOutput(i: number): tf.Tensor | undefined {
    const key = this.cachedOperations.get(i);
    return key === undefined ? undefined : this.cache.kept(key);
  }

  /**
   * Value `id` during the backward sweep: the one the forward pass kept, the one the cache keeps
   * for a cached operation's node, or else its node run again (its inputs likewise, back to kept
   * values) at the cache position it had in the pass.
   * What is computed stays until the sweep reaches the node that produced it.
   */
  private materialize(id: number, values: LiveValues, positions: ReadonlyMap<number, number>[]): tf.Tensor {
    if (values.has(id)) return values.require(id, 'the backward sweep');
    const p = this.producer.get(id);
    if (p === undefined) throw new Error(`internal: value ${id} has no producer to compute it again`);
    const node = this.graph.nodes[p];
    const kept = this.keptOutput(p);
    if (kept) {
      values.set(id, kept);
      return kept;
    }
    const inputs = node.inputs.map((x) => this.materialize(x, values, positions));
    this.cache.rewind(positions[p]);
    const outputs = this.runNode(p, inputs);
    this.setOutputs(node.outputs, outputs, values);
    return values.require(id, node.name);
  }

  /** A declared output shape the pass contradicts is a front-end bug: said at once, by name. */
  private confirmShape(nodeIndex: number, output: tf.Tensor): void {
    const declared = this.unverifiedShapes?.[nodeIndex];
    if (!declared || declared.join() === output.shape.join()) return;
    const name = this.graph.nodes[nodeIndex].name;
    throw new Error(`internal: layer ${name} computes [${output.shape.join(',')}], but its model declares [${declared.join(',')}]`);
  }

  /** S = Σ_M y[c] on the logits. */
  private targetScore(logits: tf.Tensor4D, target: Target, mask?: tf.Tensor): tf.Scalar {
    const { height, width } = this.outputSize;
    const classLogits = tf.slice(logits, [0, 0, 0, target.classIndex], [1, height, width, 1]);
    const weights = mask ?? tf.tensor(Float32Array.from(target.mask, (v) => (v ? 1 : 0)), [1, height, width, 1]);
    return tf.sum(tf.mul(classLogits, weights));
  }

  private explainGradientError(error: unknown): Error {
    const message = error instanceof Error ? error.message : String(error);
    const applied = [...new Set(this.graph.nodes.filter((n) => n.opaque).map((n) => n.className))];
    if (/gradient|not registered|not yet supported/i.test(message) && applied.length > 0) {
      return new Error(
        `could not differentiate the model: ${message} (layers replayed through layer.apply: ${applied.join(', ')})`,
      );
    }
    return error instanceof Error ? error : new Error(message);
  }

  private layerExplanation(
    site: ProbeSite,
    alpha: Float32Array,
    raw: Float32Array,
    role = this.layers.find((l) => l.name === site.name)?.role ?? 'encoder',
  ): LayerExplanation {
    const cam = raw.map((v) => (v > 0 ? v : 0));
    let rawMax = -Infinity;
    let camMax = 0;
    for (let i = 0; i < raw.length; i++) {
      if (raw[i] > rawMax) rawMax = raw[i];
      if (cam[i] > camMax) camMax = cam[i];
    }
    return { layer: site.name, role, shape: site.shape, alpha, raw, rawMax, cam, camMax };
  }

  private requireLayer(name: string): ProbeSite {
    const site = this.sites.get(name);
    if (!site) {
      const known = this.layers.map((l) => l.name).join(', ');
      throw new Error(`unknown layer "${name}"; explainable layers: ${known}`);
    }
    return site;
  }

  private checkInput(input: tf.Tensor4D): void {
    if (this.disposed) throw new Error('the explainer was disposed');
    const { height, width } = this.inputSize;
    const s = input.shape;
    if (s.length !== 4 || s[0] !== 1 || s[1] !== height || s[2] !== width || s[3] !== 3) {
      throw new Error(`the input must be [1,${height},${width},3], got [${s.join(',')}]`);
    }
  }

  /** Validates the target; returns |M|. */
  private checkTarget(target: Target): number {
    const { classIndex, mask } = target;
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= this.numClasses) {
      throw new Error(`class ${classIndex} is out of range: the model has classes 0..${this.numClasses - 1}`);
    }
    const { height, width } = this.outputSize;
    if (mask.length !== height * width) {
      throw new Error(`the mask has ${mask.length} pixels, expected ${height}×${width} = ${height * width} (output size)`);
    }
    let size = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i]) size++;
    if (size === 0) throw new Error('the mask is empty: choose at least one output pixel');
    return size;
  }
}
