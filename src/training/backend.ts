import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-layers registers every gradient (its Node bundle and its ESM entry both do).
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { registerEngineKernels } from '../engine/kernels/register';
import { registerBatchNormGrad } from './batchNormGrad';
import { registerNativeBatchNorm } from './nativeBatchNorm';
import { registerOnednnConvKernels } from './onednnConv';
import { registerWasmConvGradients } from './wasmConvGrads';

export interface NodeBackendOptions {
  /** Use the native training kernels when built (npm run build:native): oneDNN convolutions, batch norm. */
  native?: boolean;
}

/**
 * Selects the tfjs backend for Node training/evaluation. wasm is ~25× faster than cpu here and,
 * with our gradient kernels, can train convolutions (docs/tfjs-pitfalls.md); the optional native kernels
 * make its convolutions several times faster and its batch norms a few times.
 */
export async function initNodeBackend(name: 'wasm' | 'cpu' = 'wasm', options: NodeBackendOptions = {}): Promise<{ native: boolean }> {
  if (name === 'wasm') registerWasmConvGradients();
  if (name === 'wasm') registerEngineKernels('wasm'); // max-pool gradients at ties, as cpu and PyTorch
  const native = name === 'wasm' && options.native === true && registerOnednnConvKernels() && registerNativeBatchNorm();
  registerBatchNormGrad();
  // Importing the wasm backend makes it the default before it is ready: always await setBackend.
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
  return { native };
}
