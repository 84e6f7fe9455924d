import type * as tf from '@tensorflow/tfjs-core';
import type { ReplayCache } from './replayCache';

// The one internal graph the engine replays, taps and differentiates. Both front ends
// compile into it: a tfjs LayersModel (layersGraph.ts) and an ONNX model (onnx/compile.ts).
// Every 4-D tensor in it is NHWC; the image input is [1,H,W,3] after preprocessing.

export interface OpNode {
  /** The name a user picks it by: the layer name, or the ONNX tensor name of its first output. */
  name: string;
  /** The tfjs layer class or the ONNX operator type. */
  className: string;
  /** Tensor ids consumed, in call order. */
  inputs: number[];
  /** Tensor ids produced. */
  outputs: number[];
  /**
   * Its outputs' shapes when the front end knows them without running (batch may be null; any
   * other null: unknown). With every shape known the explainer skips its shape-finding pass.
   */
  outputShapes?: (number | null)[][];
  /** Runs the node on concrete tensors in inference mode, with gradients on every backend. */
  run(inputs: tf.Tensor[], cache: ReplayCache): tf.Tensor[];
  /** Padding and cropping keep their input's resolution for role purposes. */
  keepsResolution?: boolean;
  /** Passes its input through unchanged (dropout in inference). */
  identity?: boolean;
  /** Differentiated through code the engine does not control (tfjs layer.apply): named in gradient errors. */
  opaque?: boolean;
}

export interface OpGraph {
  inputId: number;
  /** NHWC; null = any size. */
  inputShape: (number | null)[];
  nodes: OpNode[];
  /** The id of the tensor holding the logits. */
  outputId: number;
  /** How a final softmax was removed, if there was one. */
  softmaxHead: 'none' | 'softmax-layer' | 'activation-of-last-layer';
  /**
   * The weights the nodes read, when they can change in place (a tfjs variable gets a new
   * dataId on every assign: training, randomisation checks); absent when they never change.
   */
  weights?: () => tf.Tensor[];
}
