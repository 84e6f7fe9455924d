import { backend_util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';

export interface PoolGeometry {
  batch: number;
  channels: number;
  inHeight: number;
  inWidth: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  /** Window extent including dilation. */
  filterHeight: number;
  filterWidth: number;
  padTop: number;
  padLeft: number;
}

/**
 * ∂/∂x of a 2-D max pool, NHWC: each window's gradient goes to the FIRST maximum of the
 * window in row-major order (PyTorch, TensorFlow and tfjs-cpu). At a tie the max has no
 * derivative, so the rule is a convention, but every backend must follow the same one for
 * α to agree; padded positions never win. NaN wins (as in PyTorch), so it propagates.
 */
export function maxPoolGradFirstMax(x: ArrayLike<number>, dy: ArrayLike<number>, dx: Float32Array, g: PoolGeometry): void {
  dx.fill(0);
  const { channels: C, inHeight: H, inWidth: W, outHeight: OH, outWidth: OW } = g;
  for (let n = 0; n < g.batch; n++) {
    const inBase = n * H * W * C;
    const outBase = n * OH * OW * C;
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * g.strideHeight - g.padTop;
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * g.strideWidth - g.padLeft;
        const dyRow = outBase + (oh * OW + ow) * C;
        for (let c = 0; c < C; c++) {
          let best = -Infinity;
          let at = -1;
          for (let fh = 0; fh < g.filterHeight; fh += g.dilationHeight) {
            const h = h0 + fh;
            if (h < 0 || h >= H) continue;
            for (let fw = 0; fw < g.filterWidth; fw += g.dilationWidth) {
              const w = w0 + fw;
              if (w < 0 || w >= W) continue;
              const index = inBase + (h * W + w) * C + c;
              const value = x[index];
              if (at < 0 || value > best || (Number.isNaN(value) && !Number.isNaN(best))) {
                best = value;
                at = index;
              }
            }
          }
          if (at >= 0) dx[at] += dy[dyRow + c];
        }
      }
    }
  }
}

export function poolGeometry(info: backend_util.Conv2DInfo): PoolGeometry {
  return {
    batch: info.batchSize,
    channels: info.inChannels,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    filterHeight: info.effectiveFilterHeight,
    filterWidth: info.effectiveFilterWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** What the kernel needs of tfjs-backend-wasm's BackendWasm: outputs and views on its heap. */
export interface WasmHeap {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): ArrayLike<number>;
}

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The MaxPoolGrad kernel for 'wasm', working on the wasm heap in place. */
export function wasmMaxPoolGrad(args: {
  inputs: { dy: TensorInfo; input: TensorInfo };
  backend: unknown;
  attrs: MaxPoolGradAttrs;
}): TensorInfo {
  const { inputs, attrs } = args;
  const backend = args.backend as WasmHeap;
  const { dy, input } = inputs;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const dx = backend.makeOutput(input.shape, 'float32');
  // Views are taken after makeOutput: allocating may grow the heap and detach older views.
  maxPoolGradFirstMax(
    backend.typedArrayFromHeap(input),
    backend.typedArrayFromHeap(dy),
    backend.typedArrayFromHeap(dx) as Float32Array,
    poolGeometry(info),
  );
  return dx;
}
