import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { buildGraph, layerConfig } from '../../graph';
import type { ModelProto, NodeProto, TensorProto } from '../proto';

// Test-only: writes a tfjs LayersModel (conv / batch norm / ReLU / max pool / nearest
// upsampling / concatenate, as buildUnet makes) as the ONNX graph PyTorch would export for
// the same network, with each layer's output tensor named after the layer.

export function floatTensor(name: string, dims: number[], data: Float32Array): TensorProto {
  return {
    name,
    dims,
    dataType: 1,
    rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
    floatData: [],
    int32Data: [],
    int64Data: [],
    doubleData: [],
    externalData: [],
  };
}

export function node(opType: string, input: string[], output: string[], attribute: NodeProto['attribute'] = []): NodeProto {
  return { opType, input, output, name: output[0], attribute };
}

export const ints = (name: string, values: number[]) => ({ name, type: 7, ints: values, floats: [], strings: [], tensors: [] });
export const int = (name: string, value: number) => ({ name, type: 2, i: value, ints: [], floats: [], strings: [], tensors: [] });
export const float = (name: string, value: number) => ({ name, type: 1, f: value, ints: [], floats: [], strings: [], tensors: [] });
export const str = (name: string, value: string) => ({ name, type: 3, s: new TextEncoder().encode(value), ints: [], floats: [], strings: [], tensors: [] });

export function imageInfo(name: string, dims: number[]) {
  return { name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => ({ dimValue: d })) } } } };
}

export function modelOf(nodes: NodeProto[], initializer: TensorProto[], input: string, dims: number[], output: string, opset = 13): ModelProto {
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: opset }],
    graph: { name: 'test', node: nodes, initializer, input: [imageInfo(input, dims)], output: [{ name: output }], valueInfo: [] },
  };
}

function weights(layer: LayersModel['layers'][number]): tf.Tensor[] {
  return layer.getWeights();
}

export function layersToOnnx(model: LayersModel): ModelProto {
  const plan = buildGraph(model);
  const names = new Map<number, string>([[plan.inputId, 'image']]);
  const nodes: NodeProto[] = [];
  const initializer: TensorProto[] = [];
  const constant = (name: string, t: tf.Tensor, perm?: number[]) => {
    const data = tf.tidy(() => (perm ? tf.transpose(t, perm) : t).dataSync() as Float32Array);
    const dims = perm ? perm.map((p) => t.shape[p]) : t.shape;
    initializer.push(floatTensor(name, dims, Float32Array.from(data)));
    return name;
  };
  for (const n of plan.nodes) {
    const layer = n.layer;
    const config = layerConfig(layer);
    const inputs = n.inputs.map((id) => names.get(id) as string);
    const out = layer.name;
    names.set(n.outputs[0], out);
    switch (n.className) {
      case 'Conv2D': {
        const [kernel, bias] = weights(layer);
        const [kh, kw] = kernel.shape;
        if (config.padding !== 'same' || kh % 2 !== 1) throw new Error('test converter: odd same-padded convs only');
        const w = constant(`${out}.weight`, kernel, [3, 2, 0, 1]);
        const b = bias ? [constant(`${out}.bias`, bias)] : [];
        const p = (kh - 1) / 2;
        const q = (kw - 1) / 2;
        const conv = config.activation === 'relu' ? `${out}/conv` : out;
        nodes.push(node('Conv', [inputs[0], w, ...b], [conv], [ints('kernel_shape', [kh, kw]), ints('pads', [p, q, p, q]), ints('strides', [1, 1])]));
        if (conv !== out) nodes.push(node('Relu', [conv], [out]));
        break;
      }
      case 'BatchNormalization': {
        const [gamma, beta, mean, variance] = weights(layer);
        nodes.push(node('BatchNormalization', [inputs[0], constant(`${out}.gamma`, gamma), constant(`${out}.beta`, beta), constant(`${out}.mean`, mean), constant(`${out}.var`, variance)], [out], [float('epsilon', Number(config.epsilon))]));
        break;
      }
      case 'Activation':
        if (config.activation !== 'relu') throw new Error('test converter: relu only');
        nodes.push(node('Relu', inputs, [out]));
        break;
      case 'MaxPooling2D':
        nodes.push(node('MaxPool', inputs, [out], [ints('kernel_shape', [2, 2]), ints('strides', [2, 2])]));
        break;
      case 'UpSampling2D': {
        const scales = `${out}.scales`;
        initializer.push(floatTensor(scales, [4], Float32Array.from([1, 1, 2, 2])));
        nodes.push(node('Resize', [inputs[0], '', scales], [out], [str('mode', 'nearest'), str('coordinate_transformation_mode', 'asymmetric'), str('nearest_mode', 'floor')]));
        break;
      }
      case 'Concatenate':
        nodes.push(node('Concat', inputs, [out], [int('axis', 1)]));
        break;
      default:
        throw new Error(`test converter: ${n.className} is not covered`);
    }
  }
  const [, h, w, c] = model.inputs[0].shape as number[];
  return modelOf(nodes, initializer, 'image', [1, c, h, w], names.get(plan.outputId) as string);
}
