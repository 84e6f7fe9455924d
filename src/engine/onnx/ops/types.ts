import type * as tf from '@tensorflow/tfjs-core';
import type { ReplayCache } from '../../replayCache';
import type { ConstTensor } from '../constTensor';
import type { AttributeProto, NodeProto } from '../proto';

// What an ONNX operator implementation sees at load time, and what it gives back: constants
// (shape arithmetic folded now), an alias (Identity, Dropout), or a function the engine runs.

/** A tensor while the graph is compiled: known now, or computed per call (shape in ONNX's NCHW order). */
export type Value = { kind: 'const'; value: ConstTensor } | { kind: 'dyn'; shape: number[] };

export type OpResult =
  | { kind: 'const'; outputs: ConstTensor[] }
  | { kind: 'alias'; input: number }
  | {
      kind: 'run';
      /** Gets the node's inputs in order: tensors for computed ones, null for constants and omitted ones. */
      run: (inputs: (tf.Tensor | null)[], cache: ReplayCache) => tf.Tensor;
      keepsResolution?: boolean;
    };

export interface OpContext {
  node: NodeProto;
  /** The node's first output tensor name (what users pick it by). */
  name: string;
  opset: number;
  /** Inputs in order; null where an optional input is omitted. */
  inputs: (Value | null)[];
  attr: Attributes;
  /** Registers a tensor the graph keeps until the model is disposed (converted weights). */
  own<T extends tf.Tensor>(t: T): T;
}

export type OpBuilder = (ctx: OpContext) => OpResult;

export class Attributes {
  private readonly byName: Map<string, AttributeProto>;

  constructor(
    attributes: AttributeProto[],
    private readonly where: string,
  ) {
    this.byName = new Map(attributes.map((a) => [a.name, a]));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  int(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a?.i !== undefined ? Number(a.i) : fallback;
  }

  float(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a?.f !== undefined ? a.f : fallback;
  }

  ints(name: string, fallback: number[]): number[] {
    const a = this.byName.get(name);
    return a && a.ints.length > 0 ? a.ints.map(Number) : fallback;
  }

  floats(name: string, fallback: number[]): number[] {
    const a = this.byName.get(name);
    return a && a.floats.length > 0 ? a.floats : fallback;
  }

  string(name: string, fallback: string): string {
    const a = this.byName.get(name);
    return a?.s !== undefined ? new TextDecoder().decode(a.s) : fallback;
  }

  tensor(name: string): AttributeProto['t'] {
    return this.byName.get(name)?.t;
  }

  /** Throws when a value this implementation does not cover is set. */
  refuse(name: string, allowed: (value: string | number | number[]) => boolean, why: string): void {
    const a = this.byName.get(name);
    if (!a) return;
    const value = a.s !== undefined ? new TextDecoder().decode(a.s) : a.ints.length > 0 ? a.ints.map(Number) : Number(a.i ?? a.f);
    if (!allowed(value)) throw new Error(`${this.where}: ${name} = ${JSON.stringify(value)} is not supported (${why})`);
  }
}
