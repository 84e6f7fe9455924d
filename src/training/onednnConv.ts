// Convolutions for training through the native addon (nativeAddon.ts): on this machine's AVX-512
// cores oneDNN's direct convolutions run several times faster than the wasm backend's XNNPACK
// (128-bit SIMD), forward and both gradients.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { loadNativeAddon, type NativeTrainingAddon, type WasmHeapBackend } from './nativeAddon';

type ConvAttrs = {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

const FORWARD = 0;
const BACKWARD_DATA = 1;
const BACKWARD_FILTER = 2;

/** The addon's 19 integers: shapes, strides, pads, dilations, output size, bias and ReLU flags. */
function convParams(info: tf.backend_util.Conv2DInfo, hasBias = false, relu = false): Int32Array {
  const { batchSize, inHeight, inWidth, inChannels, outChannels, filterHeight, filterWidth, strideHeight, strideWidth, padInfo } = info;
  return Int32Array.from([
    batchSize, inHeight, inWidth, inChannels, outChannels, filterHeight, filterWidth, strideHeight, strideWidth,
    padInfo.top, padInfo.left, padInfo.bottom, padInfo.right, info.dilationHeight, info.dilationWidth,
    info.outHeight, info.outWidth, hasBias ? 1 : 0, relu ? 1 : 0,
  ]);
}

function convInfo(xShape: number[], filterShape: number[], attrs: ConvAttrs): tf.backend_util.Conv2DInfo | undefined {
  if (attrs.dataFormat === 'NCHW') return undefined;
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

function replaceWasmKernel(kernelName: string, make: (fallback: KernelFunc) => KernelFunc): void {
  const original = tf.getKernel(kernelName, 'wasm');
  if (!original) throw new Error(`register the wasm backend (and its training kernels) before ${kernelName}`);
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ kernelName, backendName: 'wasm', setupFunc: original.setupFunc, kernelFunc: make(original.kernelFunc as KernelFunc) });
}

let registered = false;

/**
 * Routes the wasm backend's Conv2D, FusedConv2D (no activation or ReLU, optional bias),
 * Conv2DBackpropInput and Conv2DBackpropFilter to oneDNN; anything else goes to the kernels
 * registered before. Returns false (and changes nothing) when the addon is not built.
 */
export function registerOnednnConvKernels(addon: Pick<NativeTrainingAddon, 'conv'> | undefined = loadNativeAddon()): boolean {
  if (!addon) return false;
  if (registered) return true;
  /** One addon call into a fresh output of `shape` on the wasm heap (views taken after it is allocated). */
  const run = (kind: 0 | 1 | 2, shape: number[], params: Int32Array, a: TensorInfo, b: TensorInfo, bias: TensorInfo | undefined, backend: unknown) => {
    const wasm = backend as WasmHeapBackend;
    const out = wasm.makeOutput(shape, 'float32') as TensorInfo;
    const biasData = bias ? wasm.typedArrayFromHeap(bias) : null;
    addon.conv(kind, params, wasm.typedArrayFromHeap(a), wasm.typedArrayFromHeap(b), biasData, wasm.typedArrayFromHeap(out));
    return out;
  };

  replaceWasmKernel('Conv2D', (fallback) => (args) => {
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const info = convInfo(x.shape, filter.shape, args.attrs as unknown as ConvAttrs);
    if (!info || x.dtype !== 'float32') return fallback(args);
    return run(FORWARD, info.outShape, convParams(info), x, filter, undefined, args.backend);
  });
  replaceWasmKernel('FusedConv2D', (fallback) => (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
    const attrs = args.attrs as unknown as ConvAttrs & { activation: string };
    const info = convInfo(x!.shape, filter!.shape, attrs);
    const simple = (attrs.activation === 'linear' || attrs.activation === 'relu') && !preluActivationWeights;
    const plainBias = !bias || (bias.shape.length === 1 && bias.shape[0] === filter!.shape[3]);
    if (!info || !simple || !plainBias || x!.dtype !== 'float32') return fallback(args);
    return run(FORWARD, info.outShape, convParams(info, !!bias, attrs.activation === 'relu'), x!, filter!, bias, args.backend);
  });
  replaceWasmKernel('Conv2DBackpropInput', (fallback) => (args) => {
    const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
    const info = convInfo(attrs.inputShape, filter.shape, attrs);
    return info ? run(BACKWARD_DATA, info.inShape, convParams(info), dy, filter, undefined, args.backend) : fallback(args);
  });
  replaceWasmKernel('Conv2DBackpropFilter', (fallback) => (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
    const info = convInfo(x.shape, attrs.filterShape, attrs);
    return info ? run(BACKWARD_FILTER, attrs.filterShape, convParams(info), x, dy, undefined, args.backend) : fallback(args);
  });
  registered = true;
  return true;
}
