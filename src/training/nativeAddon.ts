// The optional native training kernels (native/training-kernels, `npm run build:native`; oneDNN
// from Debian's libdnnl-dev). They read and write the tfjs wasm heap in place. Without the built
// addon, training uses the wasm backend's kernels and ours in wasmConvGrads.ts / batchNormGrad.ts.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const NATIVE_ADDON_PATH = fileURLToPath(new URL('../../native/training-kernels/build/training_kernels.node', import.meta.url));

export interface NativeTrainingAddon {
  /** kind 0: y = conv(a = x, b = filter) (+ bias, ReLU); 1: dx from (a = dy, b = filter); 2: dFilter from (a = x, b = dy). */
  conv(kind: 0 | 1 | 2, params: Int32Array, a: Float32Array, b: Float32Array, bias: Float32Array | null, out: Float32Array): void;
  /** Batch statistics over all but the last axis and the normalised, scaled, shifted output. */
  batchNormForward(x: Float32Array, gamma: Float32Array, beta: Float32Array, channels: number, epsilon: number,
    y: Float32Array, mean: Float32Array, variance: Float32Array): void;
  /** Gradients w.r.t. x (through the batch statistics), γ and β. */
  batchNormBackward(dy: Float32Array, x: Float32Array, gamma: Float32Array, mean: Float32Array, variance: Float32Array,
    channels: number, epsilon: number, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array): void;
}

let cached: NativeTrainingAddon | null | undefined;

export function loadNativeAddon(): NativeTrainingAddon | undefined {
  if (cached === undefined) {
    try {
      cached = createRequire(import.meta.url)(NATIVE_ADDON_PATH) as NativeTrainingAddon;
    } catch {
      cached = null;
    }
  }
  return cached ?? undefined;
}

/** What the kernels need of the wasm backend: outputs on its heap and views of tensors there. */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): { dataId: object; shape: number[]; dtype: 'float32' };
  typedArrayFromHeap(info: { dataId: object; shape: number[]; dtype: string }): Float32Array;
}
