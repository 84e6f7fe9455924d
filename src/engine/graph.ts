import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';

// The replay plan of a LayersModel: its layer calls ("nodes") in topological order,
// found by walking back from the model output through each symbolic tensor's inbound
// node. Works for functional and Sequential models, shared layers (several inbound
// nodes) and any number of inputs per layer.

export type Layer = LayersModel['layers'][number];

export interface GraphNode {
  layer: Layer;
  className: string;
  /** Symbolic tensor ids consumed, in call order. */
  inputs: number[];
  /** Symbolic tensor ids produced. */
  outputs: number[];
  /** Their shapes as tfjs-layers infers them (null where the input size leaves one open). */
  outputShapes: (number | null)[][];
  /** Replay with a linear activation (the last layer's softmax is skipped). */
  linear: boolean;
  callArgs: Record<string, unknown>;
}

export interface ReplayGraph {
  inputId: number;
  inputShape: (number | null)[];
  nodes: GraphNode[];
  /** The id of the tensor holding the logits. */
  outputId: number;
  /** How a final softmax was removed, if there was one. */
  softmaxHead: 'none' | 'softmax-layer' | 'activation-of-last-layer';
}

export function layerConfig(layer: Layer): Record<string, unknown> {
  return layer.getConfig() as Record<string, unknown>;
}

function isSoftmaxLayer(layer: Layer): boolean {
  const className = layer.getClassName();
  if (className === 'Softmax') return true;
  return className === 'Activation' && layerConfig(layer).activation === 'softmax';
}

function inboundNode(tensor: SymbolicTensor) {
  const node = tensor.sourceLayer.inboundNodes[tensor.nodeIndex];
  if (!node) throw new Error(`tensor ${tensor.name} has no inbound node in layer ${tensor.sourceLayer.name}`);
  return node;
}

export function buildGraph(model: LayersModel, declaredOutput?: 'logits' | 'softmax'): ReplayGraph {
  if (model.inputs.length !== 1) {
    throw new Error(`the model has ${model.inputs.length} inputs; the explainer needs exactly one image input`);
  }
  if (model.outputs.length !== 1) {
    throw new Error(`the model has ${model.outputs.length} outputs; the explainer needs exactly one [1,H,W,C] output`);
  }
  const input = model.inputs[0];
  const nodes: GraphNode[] = [];
  const visitedTensors = new Set<number>([input.id]);
  const visitedNodes = new Set<unknown>();

  const visit = (tensor: SymbolicTensor): void => {
    if (visitedTensors.has(tensor.id)) return;
    visitedTensors.add(tensor.id);
    const node = inboundNode(tensor);
    if (visitedNodes.has(node)) return;
    visitedNodes.add(node);
    if (node.inboundLayers.length === 0 || node.outboundLayer.getClassName() === 'InputLayer') {
      throw new Error(`the model output depends on input ${tensor.name}, which is not the model input`);
    }
    for (const t of node.inputTensors) visit(t);
    nodes.push({
      layer: node.outboundLayer,
      className: node.outboundLayer.getClassName(),
      inputs: node.inputTensors.map((t) => t.id),
      outputs: node.outputTensors.map((t) => t.id),
      outputShapes: node.outputTensors.map((t) => [...t.shape]),
      linear: false,
      callArgs: (node.callArgs ?? {}) as Record<string, unknown>,
    });
  };
  visit(model.outputs[0]);

  let outputId = model.outputs[0].id;
  let softmaxHead: ReplayGraph['softmaxHead'] = 'none';
  const last = nodes[nodes.length - 1];
  if (last && isSoftmaxLayer(last.layer) && last.inputs.length === 1) {
    nodes.pop();
    outputId = last.inputs[0];
    softmaxHead = 'softmax-layer';
  } else if (last && layerConfig(last.layer).activation === 'softmax') {
    last.linear = true;
    softmaxHead = 'activation-of-last-layer';
  }
  if (declaredOutput === 'softmax' && softmaxHead === 'none') {
    throw new Error(
      `the descriptor says output "softmax", but the last layer (${last?.layer.name ?? 'none'}) is not a softmax`,
    );
  }
  return { inputId: input.id, inputShape: input.shape, nodes, outputId, softmaxHead };
}
