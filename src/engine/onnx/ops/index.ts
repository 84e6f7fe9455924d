import { CONV_OPS } from './conv';
import { ELEMENTWISE_OPS } from './elementwise';
import { POOL_OPS } from './pool';
import { RESIZE_OPS } from './resize';
import { SHAPE_OPS } from './shapeOps';
import { TENSOR_OPS } from './tensorOps';
import type { OpBuilder } from './types';

/** Every ONNX operator (default domain) this explorer runs. */
export const ONNX_OPS: Record<string, OpBuilder> = {
  ...CONV_OPS,
  ...ELEMENTWISE_OPS,
  ...POOL_OPS,
  ...RESIZE_OPS,
  ...TENSOR_OPS,
  ...SHAPE_OPS,
};
