import protobuf from 'protobufjs/light.js';
import { ONNX_SCHEMA } from './onnxSchema';

// Decoding an .onnx file (a protobuf ModelProto) into plain typed objects with protobufjs.

export interface TensorProto {
  dims: number[];
  dataType: number;
  floatData: number[];
  int32Data: number[];
  int64Data: number[];
  doubleData: number[];
  rawData?: Uint8Array;
  name: string;
  externalData: { key: string; value: string }[];
  dataLocation?: number;
}

export interface AttributeProto {
  name: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProto;
  g?: unknown;
  floats: number[];
  ints: number[];
  strings: Uint8Array[];
  tensors: TensorProto[];
}

export interface NodeProto {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  domain?: string;
  attribute: AttributeProto[];
}

export interface ValueInfoProto {
  name: string;
  type?: {
    tensorType?: { elemType?: number; shape?: { dim: { dimValue?: number; dimParam?: string }[] } };
  };
}

export interface GraphProto {
  node: NodeProto[];
  name: string;
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  valueInfo: ValueInfoProto[];
}

export interface ModelProto {
  irVersion?: number;
  opsetImport: { domain?: string; version?: number }[];
  producerName?: string;
  producerVersion?: string;
  graph?: GraphProto;
}

const root = protobuf.Root.fromJSON(ONNX_SCHEMA);
const ModelType = root.lookupType('onnx.ModelProto');

/** Decodes ModelProto bytes; throws an Error that says the file is not (or not a whole) ONNX model. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  let message: protobuf.Message;
  try {
    message = ModelType.decode(bytes);
  } catch (e) {
    throw new Error(`not a readable ONNX file (protobuf: ${(e as Error).message}); is it truncated?`);
  }
  const model = ModelType.toObject(message, { longs: Number, arrays: true, defaults: false }) as ModelProto;
  if (!model.graph || model.graph.node.length === 0) {
    throw new Error('not an ONNX model: the file holds no graph (is it an .onnx file exported by torch.onnx.export?)');
  }
  return model;
}

/** Encodes a ModelProto (tests build small and deliberately broken models with it). */
export function encodeModel(model: ModelProto): Uint8Array {
  const error = ModelType.verify(model);
  if (error) throw new Error(`not a ModelProto: ${error}`);
  return ModelType.encode(ModelType.fromObject(model)).finish();
}
