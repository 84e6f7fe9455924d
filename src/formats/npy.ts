// NumPy .npy (format 1.0) writer and reader for float32 and uint8 C-order arrays.
// Pure: works on Uint8Array, so the browser export and the CLI share it.

export type NpyArray =
  | { dtype: 'float32'; shape: number[]; data: Float32Array }
  | { dtype: 'uint8'; shape: number[]; data: Uint8Array };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const DESCR: Record<NpyArray['dtype'], string> = { float32: '<f4', uint8: '|u1' };

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function shapeLiteral(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export function encodeNpy(array: NpyArray): Uint8Array {
  const { dtype, shape, data } = array;
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`npy: bad shape [${shape}]`);
  if (product(shape) !== data.length) {
    throw new Error(`npy: shape [${shape}] needs ${product(shape)} values, got ${data.length}`);
  }
  let header = `{'descr': '${DESCR[dtype]}', 'fortran_order': False, 'shape': ${shapeLiteral(shape)}, }`;
  // magic(6) + version(2) + length(2) + header + '\n' is padded with spaces to a multiple of 64.
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(10 + header.length + body.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  // Typed arrays are little-endian on every platform we run on.
  out.set(body, 10 + header.length);
  return out;
}

export function decodeNpy(bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error('npy: not a .npy file (bad magic)');
  const major = bytes[6];
  let headerStart: number;
  let headerLength: number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new Error(`npy: unsupported format version ${major}`);
  }
  const header = new TextDecoder().decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new Error(`npy: cannot parse header ${header.trim()}`);
  }
  if (fortran === 'True') throw new Error('npy: Fortran-order arrays are not supported');
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  const count = product(shape);
  const dataStart = headerStart + headerLength;
  if (descr === '<f4') {
    if (bytes.length - dataStart < count * 4) throw new Error(`npy: truncated: ${count} float32 values need ${count * 4} bytes`);
    // A copy (not bytes.slice: on a Node Buffer that is a view into a shared pool).
    const copy = new Uint8Array(bytes.subarray(dataStart, dataStart + count * 4));
    return { dtype: 'float32', shape, data: new Float32Array(copy.buffer) };
  }
  if (descr === '|u1' || descr === '<u1') {
    if (bytes.length - dataStart < count) throw new Error(`npy: truncated: ${count} uint8 values expected`);
    return { dtype: 'uint8', shape, data: new Uint8Array(bytes.subarray(dataStart, dataStart + count)) };
  }
  throw new Error(`npy: unsupported dtype '${descr}' (only float32 '<f4' and uint8 '|u1')`);
}
