import type { TensorProto } from './proto';

// Constants known at load time (initialisers, Constant nodes, folded shape arithmetic), in
// ONNX's own layout. Floats of every width become float32, integers and booleans int32.

export interface ConstTensor {
  dims: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

const FLOAT = 1;
const UINT8 = 2;
const INT8 = 3;
const UINT16 = 4;
const INT16 = 5;
const INT32 = 6;
const INT64 = 7;
const BOOL = 9;
const FLOAT16 = 10;
const DOUBLE = 11;
const UINT32 = 12;
const UINT64 = 13;
const BFLOAT16 = 16;

export const TYPE_NAMES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 14: 'complex64', 15: 'complex128', 16: 'bfloat16',
};

export function isFloatType(dataType: number): boolean {
  return dataType === FLOAT || dataType === FLOAT16 || dataType === DOUBLE || dataType === BFLOAT16;
}

export function size(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** IEEE half → float. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function clampInt32(v: number): number {
  return Math.max(-2147483648, Math.min(2147483647, v));
}

function rawValues(dataType: number, raw: Uint8Array, count: number): Float32Array | Int32Array {
  const bytes = new Uint8Array(raw); // an aligned copy (Node Buffer.slice would share memory)
  const view = new DataView(bytes.buffer);
  const float = isFloatType(dataType);
  const out = float ? new Float32Array(count) : new Int32Array(count);
  const widths: Record<number, number> = {
    [FLOAT]: 4, [UINT8]: 1, [INT8]: 1, [UINT16]: 2, [INT16]: 2, [INT32]: 4, [INT64]: 8, [BOOL]: 1,
    [FLOAT16]: 2, [DOUBLE]: 8, [UINT32]: 4, [UINT64]: 8, [BFLOAT16]: 2,
  };
  const width = widths[dataType];
  if (bytes.length !== width * count) {
    throw new Error(`raw data holds ${bytes.length} bytes, expected ${width * count}`);
  }
  for (let i = 0; i < count; i++) {
    const o = i * width;
    switch (dataType) {
      case FLOAT: out[i] = view.getFloat32(o, true); break;
      case DOUBLE: out[i] = view.getFloat64(o, true); break;
      case FLOAT16: out[i] = halfToFloat(view.getUint16(o, true)); break;
      case BFLOAT16: out[i] = new Float32Array(new Uint32Array([view.getUint16(o, true) << 16]).buffer)[0]; break;
      case UINT8: case BOOL: out[i] = view.getUint8(o); break;
      case INT8: out[i] = view.getInt8(o); break;
      case UINT16: out[i] = view.getUint16(o, true); break;
      case INT16: out[i] = view.getInt16(o, true); break;
      case INT32: out[i] = view.getInt32(o, true); break;
      case UINT32: out[i] = clampInt32(view.getUint32(o, true)); break;
      case INT64: out[i] = clampInt32(Number(view.getBigInt64(o, true))); break;
      case UINT64: out[i] = clampInt32(Number(view.getBigUint64(o, true))); break;
    }
  }
  return out;
}

/** A TensorProto's values; `what` names it in errors. */
export function fromTensorProto(t: TensorProto, what: string): ConstTensor {
  const dims = t.dims.map(Number);
  const dataType = t.dataType;
  if (t.dataLocation === 1 || t.externalData.length > 0) {
    throw new Error(
      `${what} keeps its data in an external file; external-data models are not supported ` +
        '(export with a model under 2 GB so the weights are stored inside the .onnx file)',
    );
  }
  if (TYPE_NAMES[dataType] === undefined || dataType === 8 || dataType === 14 || dataType === 15) {
    throw new Error(`${what} has data type ${TYPE_NAMES[dataType] ?? dataType}, which is not supported`);
  }
  const count = size(dims);
  const float = isFloatType(dataType);
  let data: Float32Array | Int32Array;
  if (t.rawData && t.rawData.length > 0) {
    data = rawValues(dataType, t.rawData, count);
  } else {
    const source: number[] =
      dataType === FLOAT ? t.floatData
      : dataType === DOUBLE ? t.doubleData
      : dataType === INT64 || dataType === UINT64 ? t.int64Data
      : t.int32Data;
    if (source.length !== count) {
      throw new Error(`${what} holds ${source.length} values, expected ${count} for dims [${dims.join(', ')}]`);
    }
    if (dataType === FLOAT16) data = Float32Array.from(source, halfToFloat);
    else if (dataType === BFLOAT16) data = Float32Array.from(source, (v) => new Float32Array(new Uint32Array([v << 16]).buffer)[0]);
    else data = float ? Float32Array.from(source) : Int32Array.from(source, clampInt32);
  }
  return { dims, dtype: float ? 'float32' : 'int32', data };
}

export function constOf(dims: number[], values: ArrayLike<number>, dtype: ConstTensor['dtype']): ConstTensor {
  const data = dtype === 'float32' ? Float32Array.from(values) : Int32Array.from(values, (v) => clampInt32(Math.trunc(v)));
  return { dims, dtype, data };
}

export function scalarValue(t: ConstTensor): number {
  if (t.data.length !== 1) throw new Error(`expected one value, got ${t.data.length}`);
  return t.data[0];
}

/** NumPy broadcasting of two shapes; throws on a mismatch. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new Error(`shapes [${a.join(',')}] and [${b.join(',')}] do not broadcast`);
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** Element-wise f over broadcast constants. */
export function broadcastMap(tensors: ConstTensor[], dtype: ConstTensor['dtype'], f: (...v: number[]) => number): ConstTensor {
  const dims = tensors.map((t) => t.dims).reduce((a, b) => broadcastShape(a, b));
  const count = size(dims);
  const strides = tensors.map((t) => {
    const padded = [...Array(dims.length - t.dims.length).fill(1), ...t.dims];
    const s: number[] = [];
    let acc = 1;
    for (let i = padded.length - 1; i >= 0; i--) {
      s[i] = padded[i] === 1 ? 0 : acc;
      acc *= padded[i];
    }
    return s;
  });
  const values = new Array<number>(count);
  const index = new Array<number>(dims.length).fill(0);
  for (let n = 0; n < count; n++) {
    const args = tensors.map((t, k) => t.data[index.reduce((o, v, d) => o + v * strides[k][d], 0)]);
    values[n] = f(...args);
    for (let d = dims.length - 1; d >= 0; d--) {
      if (++index[d] < dims[d]) break;
      index[d] = 0;
    }
  }
  return constOf(dims, values, dtype);
}
