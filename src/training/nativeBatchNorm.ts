// Batch normalisation in training mode through the native addon (nativeAddon.ts). tfjs-layers
// computes it from composed ops — moments, then normalisation, each differentiated op by op —
// about a dozen passes over the activation forward and backward; the addon makes two each way.
// Training replays the model's graph (engine/graph.ts) with this op in place of each
// BatchNormalization layer and layer.apply for everything else.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildGraph, layerConfig, type Layer, type ReplayGraph } from '../engine/graph';
import { loadNativeAddon, type NativeTrainingAddon, type WasmHeapBackend } from './nativeAddon';

const FORWARD = 'SegcamBatchNormTraining';
const BACKWARD = 'SegcamBatchNormTrainingGrad';

let registered = false;

/** Registers the two kernels for 'wasm'; false (and nothing changes) without the addon. */
export function registerNativeBatchNorm(addon: Pick<NativeTrainingAddon, 'batchNormForward' | 'batchNormBackward'> | undefined = loadNativeAddon()): boolean {
  if (!addon) return false;
  if (registered) return true;
  const forward = ({ inputs, attrs, backend }: { inputs: NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }) => {
    const { x, scale, offset } = inputs as Record<'x' | 'scale' | 'offset', TensorInfo>;
    const b = backend as WasmHeapBackend;
    const channels = x.shape[x.shape.length - 1];
    const outputs = [b.makeOutput(x.shape, 'float32'), b.makeOutput([channels], 'float32'), b.makeOutput([channels], 'float32')];
    const heap = (t: TensorInfo) => b.typedArrayFromHeap(t);
    const [y, mean, variance] = outputs.map(heap);
    addon.batchNormForward(heap(x), heap(scale), heap(offset), channels, attrs!.epsilon as number, y, mean, variance);
    return outputs as TensorInfo[];
  };
  const backward = ({ inputs, attrs, backend }: { inputs: NamedTensorInfoMap; attrs?: tf.NamedAttrMap; backend: unknown }) => {
    const { dy, x, scale, mean, variance } = inputs as Record<'dy' | 'x' | 'scale' | 'mean' | 'variance', TensorInfo>;
    const b = backend as WasmHeapBackend;
    const channels = x.shape[x.shape.length - 1];
    const outputs = [b.makeOutput(x.shape, 'float32'), b.makeOutput([channels], 'float32'), b.makeOutput([channels], 'float32')];
    const heap = (t: TensorInfo) => b.typedArrayFromHeap(t);
    const [dx, dScale, dOffset] = outputs.map(heap);
    addon.batchNormBackward(heap(dy), heap(x), heap(scale), heap(mean), heap(variance), channels, attrs!.epsilon as number, dx, dScale, dOffset);
    return outputs as TensorInfo[];
  };
  tf.registerKernel({ kernelName: FORWARD, backendName: 'wasm', kernelFunc: forward as unknown as KernelFunc });
  tf.registerKernel({ kernelName: BACKWARD, backendName: 'wasm', kernelFunc: backward as unknown as KernelFunc });
  registered = true;
  return true;
}

function variable(layer: Layer, name: string): tfl.LayerVariable | undefined {
  return layer.weights.find((w) => w.originalName.endsWith(`/${name}`) || w.originalName === name);
}

/** What tfjs-layers' BatchNormalization does in training, in one op: the output, and the moving statistics updated. */
function batchNormInTraining(layer: Layer, x: tf.Tensor): tf.Tensor {
  const config = layerConfig(layer);
  const [gamma, beta, movingMean, movingVariance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((n) => variable(layer, n)!);
  const epsilon = config.epsilon as number;
  const momentum = config.momentum as number;
  const op = tf.customGrad((input, scale, offset, save) => {
    const [y, mean, variance] = tf.engine().runKernel(FORWARD, { x: input, scale, offset } as tf.NamedTensorMap, { epsilon }) as tf.Tensor[];
    (save as tf.GradSaveFunc)([input as tf.Tensor, scale as tf.Tensor, mean, variance]);
    for (const [moving, batch] of [[movingMean, mean], [movingVariance, variance]] as const) {
      const old = moving.read();
      moving.write(tf.sub(old, tf.mul(tf.sub(old, batch), 1 - momentum)));
    }
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [savedX, savedScale, savedMean, savedVariance] = saved;
        return tf.engine().runKernel(
          BACKWARD,
          { dy, x: savedX, scale: savedScale, mean: savedMean, variance: savedVariance },
          { epsilon },
        ) as tf.Tensor[];
      },
    };
  });
  return op(x, gamma.read(), beta.read());
}

/** A BatchNormalization the native op covers: over all but the last axis, with γ and β. */
function nativeCovers(layer: Layer): boolean {
  if (layer.getClassName() !== 'BatchNormalization') return false;
  const { axis, center, scale } = layerConfig(layer);
  return (axis === -1 || axis === 3) && center === true && scale === true;
}

const graphs = new WeakMap<tfl.LayersModel, ReplayGraph>();

/**
 * The model's output in training mode, as model.apply(x, {training: true}) gives it, with the
 * native batch norm when registered (and model.apply itself otherwise).
 */
export function applyInTraining(model: tfl.LayersModel, x: tf.Tensor): tf.Tensor {
  if (!registered || tf.getBackend() !== 'wasm') return model.apply(x, { training: true }) as tf.Tensor;
  let graph = graphs.get(model);
  if (!graph) graphs.set(model, (graph = buildGraph(model)));
  // the explainer's replay plan leaves out a final softmax; training must not
  if (graph.softmaxHead !== 'none') return model.apply(x, { training: true }) as tf.Tensor;
  const values = new Map<number, tf.Tensor>([[graph.inputId, x]]);
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((id) => values.get(id)!);
    const out = nativeCovers(node.layer)
      ? batchNormInTraining(node.layer, inputs[0])
      : (node.layer.apply(inputs.length === 1 ? inputs[0] : inputs, { ...node.callArgs, training: true }) as tf.Tensor | tf.Tensor[]);
    [out].flat().forEach((t, i) => values.set(node.outputs[i], t));
  }
  return values.get(graph.outputId)!;
}
