import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { wasmMaxPoolGrad } from './maxPoolGrad';
import { wasmConcat, wasmIdentity, wasmSlice, wasmSplitV } from './wasmCopies';
import { webglMaxPoolGrad } from './webglMaxPoolGrad';

// Kernels that replace a backend's own where it disagrees with tfjs-cpu and PyTorch
// (the conformance suite, conformance.test.ts, finds such disagreements).
// tfjs-backend-wasm 4.22's MaxPoolGrad drops the gradient of every window whose maximum is
// tied (2×2 pool of a 4×4 all-zero input, dy [1,2,3,4] → [1,0,…,0]); after a ReLU such
// windows are common, so every layer that feeds a max pool got a wrong α. webgl's gives a
// tied window's gradient to its last maximum instead of the first (webglMaxPoolGrad.ts).
// wasm's Slice, SplitV, Concat and Identity are replaced for speed only (wasmSlice.ts): same values.

const registered = new Set<string>();

function replace(kernelName: string, backendName: string, kernelFunc: KernelFunc): void {
  if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
  tf.registerKernel({ kernelName, backendName, kernelFunc });
}

/** Installs the engine's corrected kernels for `backendName`; idempotent. */
export function registerEngineKernels(backendName: string): void {
  if (registered.has(backendName)) return;
  if (backendName === 'wasm') {
    replace('MaxPoolGrad', 'wasm', wasmMaxPoolGrad as unknown as KernelFunc);
    replace('Slice', 'wasm', wasmSlice as unknown as KernelFunc);
    replace('SplitV', 'wasm', wasmSplitV as unknown as KernelFunc);
    replace('Concat', 'wasm', wasmConcat as unknown as KernelFunc);
    replace('Identity', 'wasm', wasmIdentity as unknown as KernelFunc);
  }
  if (backendName === 'webgl') replace('MaxPoolGrad', 'webgl', webglMaxPoolGrad as unknown as KernelFunc);
  registered.add(backendName);
}
