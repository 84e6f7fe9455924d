import * as tf from '@tensorflow/tfjs-core';
import { broadcastMap, broadcastShape, scalarValue } from '../constTensor';
import { constOperand, engineAxis, lift } from '../layout';
import { preluInputGrad } from '../../prelu';
import { allConst, input, optionalConst, shapeOf, where } from './common';
import type { OpBuilder, OpContext, OpResult } from './types';

// Element-wise arithmetic and activations. Constant operands are converted to the engine's
// layout once; two constants are folded.

const FOLD: Record<string, (a: number, b: number, int: boolean) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b, int) => (int ? Math.trunc(a / b) : a / b),
};

const RUN: Record<string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor> = {
  Add: tf.add,
  Sub: tf.sub,
  Mul: tf.mul,
  Div: tf.div,
  PRelu: preluInputGrad,
};

function binary(ctx: OpContext): OpResult {
  const op = ctx.node.opType;
  const a = input(ctx, 0);
  const b = input(ctx, 1);
  if (a.kind === 'const' && b.kind === 'const') {
    const int = a.value.dtype === 'int32' && b.value.dtype === 'int32';
    const fold = FOLD[op];
    if (!fold) throw new Error(`${where(ctx)}: both inputs are constants`);
    return { kind: 'const', outputs: [broadcastMap([a.value, b.value], int ? 'int32' : 'float32', (x, y) => fold(x, y, int))] };
  }
  const rank = broadcastShape(shapeOf(ctx, 0), shapeOf(ctx, 1)).length;
  const operand = (v: typeof a) => (v.kind === 'const' ? ctx.own(constOperand({ ...v.value, dtype: 'float32', data: Float32Array.from(v.value.data) }, rank)) : null);
  const ca = operand(a);
  const cb = operand(b);
  const f = RUN[op];
  if (op === 'PRelu' && !cb) throw new Error(`${where(ctx)}: a computed slope is not supported`);
  return { kind: 'run', run: ([x, y]) => f(ca ?? lift(x as tf.Tensor, rank), cb ?? lift(y as tf.Tensor, rank)) };
}

function unary(f: (x: tf.Tensor, ctx: OpContext) => tf.Tensor): OpBuilder {
  return (ctx) => {
    if (allConst(ctx)) throw new Error(`${where(ctx)}: activation of a constant is not supported`);
    return { kind: 'run', run: ([x]) => f(x as tf.Tensor, ctx) };
  };
}

function clip(ctx: OpContext): OpResult {
  const lo =
    ctx.opset < 11 ? ctx.attr.float('min', -3.4e38) : (() => {
      const c = optionalConst(ctx, 1, 'min');
      return c ? scalarValue(c) : -3.4e38;
    })();
  const hi =
    ctx.opset < 11 ? ctx.attr.float('max', 3.4e38) : (() => {
      const c = optionalConst(ctx, 2, 'max');
      return c ? scalarValue(c) : 3.4e38;
    })();
  return { kind: 'run', run: ([x]) => tf.clipByValue(x as tf.Tensor, lo, hi) };
}

function softmax(ctx: OpContext): OpResult {
  const rank = shapeOf(ctx, 0).length;
  const axis = ctx.attr.int('axis', ctx.opset < 13 ? 1 : -1);
  const normalised = axis < 0 ? axis + rank : axis;
  // Before opset 13 the input is flattened from `axis` on; that equals a softmax over one
  // axis only when it is the last one (or the trailing ones are 1).
  const trailing = shapeOf(ctx, 0).slice(normalised + 1);
  if (ctx.opset < 13 && trailing.some((d) => d !== 1)) {
    throw new Error(`${where(ctx)}: softmax over several axes (opset ${ctx.opset}, axis ${axis}) is not supported`);
  }
  const engine = engineAxis(normalised, rank);
  if (engine !== rank - 1) throw new Error(`${where(ctx)}: softmax over a non-channel axis is not supported`);
  return { kind: 'run', run: ([x]) => tf.softmax(x as tf.Tensor) };
}

export const ELEMENTWISE_OPS: Record<string, OpBuilder> = {
  Add: binary,
  Sub: binary,
  Mul: binary,
  Div: binary,
  PRelu: binary,
  Relu: unary((x) => tf.relu(x)),
  LeakyRelu: unary((x, ctx) => tf.leakyRelu(x, ctx.attr.float('alpha', 0.01))),
  Elu: unary((x, ctx) => {
    const alpha = ctx.attr.float('alpha', 1);
    return alpha === 1 ? tf.elu(x) : tf.where(tf.greater(x, 0), x, tf.mul(alpha, tf.sub(tf.exp(tf.minimum(x, 0)), 1)));
  }),
  Sigmoid: unary((x) => tf.sigmoid(x)),
  Tanh: unary((x) => tf.tanh(x)),
  HardSigmoid: unary((x, ctx) =>
    tf.clipByValue(tf.add(tf.mul(x, ctx.attr.float('alpha', 0.2)), ctx.attr.float('beta', 0.5)), 0, 1),
  ),
  HardSwish: unary((x) => tf.mul(x, tf.clipByValue(tf.add(tf.mul(x, 1 / 6), 0.5), 0, 1))),
  Clip: clip,
  Softmax: softmax,
};
