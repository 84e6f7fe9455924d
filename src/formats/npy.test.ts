import { describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from './npy';

// Written by numpy 2.4: np.save(np.array([[1.5,-2,0.25],[0,3,1e-3]], dtype='<f4')) and
// np.save(np.array([7,0,255], dtype='u1')).
const NUMPY_F4 =
  'k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAMA/AAAAwAAAgD4AAAAAAABAQG8Sgzo=';
const NUMPY_U1 =
  'k05VTVBZAQB2AHsnZGVzY3InOiAnfHUxJywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoHAP8=';

const fromBase64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));

describe('npy', () => {
  it('writes exactly the bytes numpy writes', () => {
    const f4 = encodeNpy({ dtype: 'float32', shape: [2, 3], data: new Float32Array([1.5, -2, 0.25, 0, 3, 1e-3]) });
    expect(Buffer.from(f4).toString('base64')).toBe(NUMPY_F4);
    const u1 = encodeNpy({ dtype: 'uint8', shape: [3], data: new Uint8Array([7, 0, 255]) });
    expect(Buffer.from(u1).toString('base64')).toBe(NUMPY_U1);
  });

  it('reads numpy files', () => {
    const f4 = decodeNpy(fromBase64(NUMPY_F4));
    expect(f4.dtype).toBe('float32');
    expect(f4.shape).toEqual([2, 3]);
    expect(Array.from(f4.data)).toEqual(Array.from(new Float32Array([1.5, -2, 0.25, 0, 3, 1e-3])));
    const u1 = decodeNpy(fromBase64(NUMPY_U1));
    expect(u1).toEqual({ dtype: 'uint8', shape: [3], data: new Uint8Array([7, 0, 255]) });
  });

  it('round-trips odd shapes, scalars and subarray views', () => {
    const backing = new Float32Array(200).map((_, i) => Math.sin(i) * 1e3);
    const view = backing.subarray(17, 17 + 5 * 7 * 3);
    const back = decodeNpy(encodeNpy({ dtype: 'float32', shape: [5, 7, 3], data: view }));
    expect(back.shape).toEqual([5, 7, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(view));
    const scalar = decodeNpy(encodeNpy({ dtype: 'float32', shape: [], data: new Float32Array([4]) }));
    expect(scalar.shape).toEqual([]);
    expect(scalar.data[0]).toBe(4);
    for (let n = 0; n < 70; n += 13) {
      const bytes = encodeNpy({ dtype: 'uint8', shape: [n, 1], data: new Uint8Array(n) });
      const headerEnd = 10 + (bytes[8] | (bytes[9] << 8));
      expect(headerEnd % 64).toBe(0);
      expect(bytes[headerEnd - 1]).toBe(0x0a);
    }
  });

  it('reads from a Node Buffer that is a view into a larger pool', () => {
    const file = encodeNpy({ dtype: 'float32', shape: [3], data: new Float32Array([1, 2, 3]) });
    const pool = Buffer.alloc(file.length + 5, 0xff);
    pool.set(file, 5);
    const view = pool.subarray(5);
    expect(Array.from(decodeNpy(view).data)).toEqual([1, 2, 3]);
    const u8 = encodeNpy({ dtype: 'uint8', shape: [2], data: new Uint8Array([4, 5]) });
    const data = decodeNpy(Buffer.from(u8)).data;
    expect(data).toBeInstanceOf(Uint8Array);
    expect(Array.from(data)).toEqual([4, 5]);
  });

  it('rejects wrong shapes and bad files', () => {
    expect(() => encodeNpy({ dtype: 'float32', shape: [2, 2], data: new Float32Array(3) })).toThrow(/needs 4 values, got 3/);
    expect(() => decodeNpy(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]))).toThrow(/bad magic/);
    const good = fromBase64(NUMPY_F4);
    expect(() => decodeNpy(good.subarray(0, good.length - 3))).toThrow(/truncated/);
  });
});
