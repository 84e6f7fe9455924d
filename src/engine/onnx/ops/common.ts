import type { ConstTensor } from '../constTensor';
import type { OpContext, Value } from './types';

export function where(ctx: OpContext): string {
  return `node ${ctx.name} (${ctx.node.opType})`;
}

export function input(ctx: OpContext, i: number): Value {
  const v = ctx.inputs[i];
  if (!v) throw new Error(`${where(ctx)}: input ${i} is missing`);
  return v;
}

/** An input that must be known at load time (weights, shapes, axes). */
export function constInput(ctx: OpContext, i: number, what: string): ConstTensor {
  const v = input(ctx, i);
  if (v.kind !== 'const') {
    throw new Error(`${where(ctx)}: ${what} (input ${i}) is computed at run time; only constant ${what} is supported`);
  }
  return v.value;
}

export function optionalConst(ctx: OpContext, i: number, what: string): ConstTensor | null {
  return ctx.inputs[i] ? constInput(ctx, i, what) : null;
}

/** The ONNX shape of input i, whether constant or computed. */
export function shapeOf(ctx: OpContext, i: number): number[] {
  const v = input(ctx, i);
  return v.kind === 'const' ? v.value.dims : v.shape;
}

export function allConst(ctx: OpContext): boolean {
  return ctx.inputs.every((v) => v === null || v.kind === 'const');
}

/** An image-like computed input [N,C,H,W]. */
export function require4D(ctx: OpContext, i: number): number[] {
  const shape = shapeOf(ctx, i);
  if (shape.length !== 4) throw new Error(`${where(ctx)}: expects a 4-D [N,C,H,W] input, got [${shape.join(', ')}]`);
  return shape;
}
