// Gradient kernels that make the wasm backend able to train convolutions (docs/tfjs-pitfalls.md, 4):
// tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter, and its Conv2DBackpropInput is ~6× slower
// than Conv2D. Both are composed here from the wasm backend's own fast kernels.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

interface WasmBackendLike {
  disposeData(dataId: object): boolean;
}

type ConvAttrs = {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

/** Runs another wasm kernel by name, as the backend's own composite kernels do. */
function runWasm(name: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: object, backend: unknown): TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`wasm kernel ${name} missing`);
  const kernelFunc = kernel.kernelFunc as KernelFunc;
  return kernelFunc({ inputs: inputs as NamedTensorInfoMap, attrs: attrs as NamedAttrMap, backend: backend as tf.KernelBackend }) as TensorInfo;
}

function convInfoOf(xShape: number[], filterShape: number[], attrs: ConvAttrs) {
  if (attrs.dataFormat === 'NCHW') throw new Error('wasm conv gradients: only NHWC');
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/**
 * Stride 1: dW[i,j,ci,co] = Σ_{n,h,w} xpad[n,h+i,w+j,ci]·dy[n,h,w,co] is itself a 'valid'
 * convolution with Cin as batch and N as channels: input xpadᵀ [Cin,Hp,Wp,N], filter dyᵀ
 * [H',W',N,Cout], output [Cin,fh,fw,Cout]. XNNPACK's conv does this 3–8× faster than im2col here.
 */
function filterGradByConv(
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: unknown,
): TensorInfo {
  const { padInfo, inHeight, inWidth, outHeight, outWidth, filterHeight: fh, filterWidth: fw } = info;
  // Pad so that exactly fh × fw window offsets fit (drops rows a 'valid' conv never reads).
  const bottom = fh + outHeight - 1 - inHeight - padInfo.top;
  const right = fw + outWidth - 1 - inWidth - padInfo.left;
  const temps: TensorInfo[] = [];
  const keep = (t: TensorInfo) => (temps.push(t), t);
  let source = x;
  if (padInfo.top !== 0 || padInfo.left !== 0 || bottom !== 0 || right !== 0) {
    if (bottom < 0 || right < 0) {
      source = keep(
        runWasm('Slice', { x }, { begin: [0, 0, 0, 0], size: [x.shape[0], inHeight + Math.min(0, bottom), inWidth + Math.min(0, right), x.shape[3]] }, backend),
      );
    }
    source = keep(
      runWasm(
        'PadV2',
        { x: source },
        { paddings: [[0, 0], [padInfo.top, Math.max(0, bottom)], [padInfo.left, Math.max(0, right)], [0, 0]], constantValue: 0 },
        backend,
      ),
    );
  }
  const xT = keep(runWasm('Transpose', { x: source }, { perm: [3, 1, 2, 0] }, backend));
  const dyT = keep(runWasm('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }, backend));
  const out = keep(runWasm('Conv2D', { x: xT, filter: dyT }, { strides: 1, dilations: 1, pad: 'valid', dataFormat: 'NHWC' }, backend));
  const dw = runWasm('Transpose', { x: out }, { perm: [1, 2, 0, 3] }, backend);
  for (const t of temps) (backend as WasmBackendLike).disposeData(t.dataId);
  return dw;
}

/**
 * dW = im2col(x)ᵀ · dy: the fh·fw strided windows of the padded input, concatenated on channels,
 * become a [fh·fw·Cin, N·H'·W'] matrix (transposed explicitly: matmul with transposeA is ~10×
 * slower on wasm), times dy as [N·H'·W', Cout], reshaped to [fh, fw, Cin, Cout].
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: unknown;
  attrs: ConvAttrs & { filterShape: [number, number, number, number] };
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const info = convInfoOf(x.shape, attrs.filterShape, attrs);
  if (info.strideHeight === 1 && info.strideWidth === 1) return filterGradByConv(x, dy, info, backend);
  const { batchSize, filterHeight: fh, filterWidth: fw, inChannels, outChannels, outHeight, outWidth } = info;
  const { strideHeight: sh, strideWidth: sw, padInfo } = info;
  const temps: TensorInfo[] = [];
  const keep = (t: TensorInfo) => (temps.push(t), t);

  const padded = keep(
    runWasm(
      'PadV2',
      { x },
      {
        paddings: [
          [0, 0],
          [padInfo.top, Math.max(0, padInfo.bottom)],
          [padInfo.left, Math.max(0, padInfo.right)],
          [0, 0],
        ],
        constantValue: 0,
      },
      backend,
    ),
  );
  const windows: TensorInfo[] = [];
  for (let i = 0; i < fh; i++) {
    for (let j = 0; j < fw; j++) {
      const begin = [0, i, j, 0];
      const end = [batchSize, i + (outHeight - 1) * sh + 1, j + (outWidth - 1) * sw + 1, inChannels];
      const window =
        sh === 1 && sw === 1
          ? runWasm('Slice', { x: padded }, { begin, size: [batchSize, outHeight, outWidth, inChannels] }, backend)
          : runWasm(
              'StridedSlice',
              { x: padded },
              { begin, end, strides: [1, sh, sw, 1], beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 },
              backend,
            );
      windows.push(keep(window));
    }
  }
  const rows = batchSize * outHeight * outWidth;
  const k = fh * fw * inChannels;
  const cols = windows.length === 1 ? windows[0] : keep(runWasm('Concat', windows, { axis: 3 }, backend));
  const cols2d = keep(runWasm('Reshape', { x: cols }, { shape: [rows, k] }, backend));
  const colsT = keep(runWasm('Transpose', { x: cols2d }, { perm: [1, 0] }, backend));
  const a = keep(runWasm('Reshape', { x: colsT }, { shape: [1, k, rows] }, backend));
  const b = keep(runWasm('Reshape', { x: dy }, { shape: [1, rows, outChannels] }, backend));
  const product = keep(runWasm('BatchMatMul', { a, b }, { transposeA: false, transposeB: false }, backend));
  const dw = runWasm('Reshape', { x: product }, { shape: [fh, fw, inChannels, outChannels] }, backend);
  for (const t of temps) (backend as WasmBackendLike).disposeData(t.dataId);
  return dw;
}

/**
 * For stride 1, dx is a plain convolution of dy with the kernel flipped in space and with in/out
 * channels swapped, padded so that the output has the input's size. Other strides fall back to
 * the backend's own (slow but correct) kernel.
 */
export function makeConv2DBackpropInputWasm(fallback: KernelFunc) {
  return (args: {
    inputs: { dy: TensorInfo; filter: TensorInfo };
    backend: unknown;
    attrs: ConvAttrs & { inputShape: [number, number, number, number] };
  }): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs;
    const info = convInfoOf(attrs.inputShape, filter.shape, attrs);
    if (info.strideHeight !== 1 || info.strideWidth !== 1) {
      return fallback(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
    }
    const { filterHeight: fh, filterWidth: fw, inHeight, inWidth, outHeight, outWidth, padInfo } = info;
    const top = fh - 1 - padInfo.top;
    const left = fw - 1 - padInfo.left;
    const bottom = inHeight - outHeight + fh - 1 - top;
    const right = inWidth - outWidth + fw - 1 - left;
    const flipped = runWasm('Reverse', { x: filter }, { dims: [0, 1] }, backend);
    const swapped = runWasm('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] }, backend);
    const dx = runWasm(
      'Conv2D',
      { x: dy, filter: swapped },
      {
        strides: 1,
        dilations: 1,
        pad: [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ],
        dataFormat: 'NHWC',
      },
      backend,
    );
    (backend as WasmBackendLike).disposeData(flipped.dataId);
    (backend as WasmBackendLike).disposeData(swapped.dataId);
    return dx;
  };
}

let registered = false;

/** Registers both kernels for 'wasm'. Call after importing @tensorflow/tfjs-backend-wasm. */
export function registerWasmConvGradients(): void {
  if (registered) return;
  const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!original) throw new Error('import @tensorflow/tfjs-backend-wasm before registering');
  const fallback = original.kernelFunc as KernelFunc;
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: conv2DBackpropFilterWasm as unknown as KernelFunc,
  });
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    setupFunc: original.setupFunc,
    kernelFunc: makeConv2DBackpropInputWasm(fallback) as unknown as KernelFunc,
  });
  registered = true;
}
