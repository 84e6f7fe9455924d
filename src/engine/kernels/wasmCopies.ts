import { backend_util, slice_util, util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';

// tfjs-backend-wasm 4.22 slices and concatenates in JavaScript, one `set(subarray(…))` per
// innermost row: a channel slice or concatenation of an NHWC tensor (every skip connection
// and its gradient, the class channel of the logits) makes one typed-array view per pixel
// and ran at ~16 ns per element, 30 ms per U-Net concat gradient. These copy short rows
// element by element, all rows of a part in one loop (a call per row cost as much as the
// copying: an ESPNet concat of 12-channel parts ran at 2 ns per element); the values are the same.

type NumericArray = Float32Array | Int32Array | Uint8Array;

/** What the kernel needs of tfjs-backend-wasm's BackendWasm. */
interface WasmSliceBackend {
  makeOutput(shape: number[], dtype: string): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): NumericArray;
}

/** Rows shorter than this are copied element by element; longer ones with one `set`. */
const SHORT_ROW = 1024;

/** Copies `rows` runs of `length` elements, each `fromStride` apart in `from`, `toStride` apart in `to`. */
function copyRows(from: NumericArray, fromStart: number, fromStride: number, to: NumericArray, toStart: number, toStride: number, length: number, rows: number): void {
  if (length >= SHORT_ROW) {
    for (let r = 0; r < rows; r++) {
      const start = fromStart + r * fromStride;
      to.set(from.subarray(start, start + length), toStart + r * toStride);
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    let f = fromStart + r * fromStride;
    let t = toStart + r * toStride;
    const end = f + length;
    while (f < end) to[t++] = from[f++];
  }
}

/**
 * Copies x[begin : begin+size] (row-major, any rank) into out. The trailing axes that are
 * taken whole merge into one contiguous row, so the loop runs over the leading axes only.
 */
export function sliceInto(x: NumericArray, shape: readonly number[], begin: readonly number[], size: readonly number[], out: NumericArray): void {
  const rank = shape.length;
  if (rank === 0) {
    out[0] = x[0];
    return;
  }
  const strides = [...util.computeStrides([...shape]), 1];
  // The innermost axis not taken whole: it and every axis after it form one contiguous row.
  let split = rank - 1;
  while (split > 0 && begin[split] === 0 && size[split] === shape[split]) split--;
  const row = size.slice(split).reduce((a, b) => a * b, 1);
  const rowStart = begin[split] * strides[split];
  const outer = size.slice(0, split);
  const count = outer.reduce((a, b) => a * b, 1);
  // Outer axes taken whole below the first one: the rows are evenly spaced (a channel slice).
  if (split > 0 && outer.every((s, a) => a === 0 || (begin[a] === 0 && s === shape[a]))) {
    copyRows(x, begin[0] * strides[0] + rowStart, strides[split - 1], out, 0, row, row, count);
    return;
  }
  const index = new Array<number>(split).fill(0);
  let outOffset = 0;
  for (let n = 0; n < count; n++) {
    let from = rowStart;
    for (let a = 0; a < split; a++) from += (begin[a] + index[a]) * strides[a];
    copyRows(x, from, 0, out, outOffset, 0, row, 1);
    outOffset += row;
    for (let a = split - 1; a >= 0; a--) {
      if (++index[a] < outer[a]) break;
      index[a] = 0;
    }
  }
}

/** The Slice kernel for 'wasm' (numeric dtypes; strings are not sliced by the engine). */
export function wasmSlice(args: { inputs: { x: TensorInfo }; backend: unknown; attrs: { begin: number | number[]; size: number | number[] } }): TensorInfo {
  const { inputs, attrs } = args;
  const backend = args.backend as WasmSliceBackend;
  const { x } = inputs;
  if (x.dtype === 'string') throw new Error('Slice of string tensors is not supported on wasm by this engine');
  const [begin, size] = slice_util.parseSliceParams(x as never, attrs.begin, attrs.size);
  const out = backend.makeOutput(size, x.dtype);
  // Views are taken after makeOutput: allocating may grow the heap and detach older views.
  if (util.sizeFromShape(size) > 0) sliceInto(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

/** The SplitV kernel for 'wasm' (tfjs's calls its own Slice directly, past the registry). */
export function wasmSplitV(args: { inputs: { x: TensorInfo }; backend: unknown; attrs: { numOrSizeSplits: number | number[]; axis: number | number[] } }): TensorInfo[] {
  const { inputs, attrs } = args;
  const { x } = inputs;
  const axis = util.parseAxisParam(attrs.axis, x.shape)[0];
  const sizes = backend_util.prepareSplitSize(x as never, attrs.numOrSizeSplits, axis);
  const begin = new Array<number>(x.shape.length).fill(0);
  return sizes.map((s) => {
    const size = [...x.shape];
    size[axis] = s;
    const part = wasmSlice({ inputs: { x }, backend: args.backend, attrs: { begin: [...begin], size } });
    begin[axis] += s;
    return part;
  });
}

/** The Concat kernel for 'wasm' (numeric dtypes). */
export function wasmConcat(args: { inputs: TensorInfo[]; backend: unknown; attrs: { axis: number | number[] } }): TensorInfo {
  const backend = args.backend as WasmSliceBackend;
  const { inputs } = args;
  if (inputs.some((t) => t.dtype === 'string')) throw new Error('Concat of string tensors is not supported on wasm by this engine');
  const axis = util.parseAxisParam(args.attrs.axis, inputs[0].shape)[0];
  backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
  const outShape = backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
  const parts = inputs.filter((t) => util.sizeFromShape(t.shape) > 0);
  const out = backend.makeOutput(outShape, inputs[0].dtype);
  if (parts.length === 0) return out;
  // Rows: everything before the axis; each part contributes one run per row.
  const rows = util.sizeFromShape(parts[0].shape.slice(0, axis));
  const runs = parts.map((t) => util.sizeFromShape(t.shape.slice(axis)));
  const width = runs.reduce((a, b) => a + b, 0);
  // Views are taken after makeOutput: allocating may grow the heap and detach older views.
  const values = parts.map((t) => backend.typedArrayFromHeap(t));
  const outValues = backend.typedArrayFromHeap(out);
  let at = 0;
  for (let p = 0; p < parts.length; p++) {
    copyRows(values[p], 0, runs[p], outValues, at, width, runs[p], rows);
    at += runs[p];
  }
  return out;
}

/**
 * The Identity kernel for 'wasm': shares the data, as Reshape and tfjs-cpu's Identity do
 * (tfjs tensors are immutable). tfjs clones every tensor it saves for a gradient; wasm's
 * own Identity copied each one.
 */
export function wasmIdentity(args: { inputs: { x: TensorInfo }; backend: unknown }): TensorInfo {
  const { x } = args.inputs;
  (args.backend as { incRef(dataId: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}
