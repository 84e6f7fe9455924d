import type { LayersModel } from '@tensorflow/tfjs-layers';
import { buildGraph } from './graph';
import type { OpGraph } from './opGraph';
import { isIdentityInInference, isReplayedByApply, replayNode } from './replayLayer';

/** The LayersModel front end: each layer call becomes an OpNode that replays that layer. */
export function compileLayersModel(model: LayersModel, declaredOutput?: 'logits' | 'softmax'): OpGraph {
  const plan = buildGraph(model, declaredOutput);
  return {
    inputId: plan.inputId,
    inputShape: plan.inputShape,
    outputId: plan.outputId,
    softmaxHead: plan.softmaxHead,
    weights: () => model.weights.map((w) => w.read()),
    nodes: plan.nodes.map((node) => ({
      name: node.layer.name,
      className: node.className,
      inputs: node.inputs,
      outputs: node.outputs,
      outputShapes: node.outputShapes,
      run: (inputs, cache) => replayNode(node, inputs, cache),
      keepsResolution: node.className === 'ZeroPadding2D' || node.className === 'Cropping2D',
      identity: isIdentityInInference(node.className),
      opaque: isReplayedByApply(node.className),
    })),
  };
}
