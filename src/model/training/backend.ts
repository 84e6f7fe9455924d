import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-layers registers every gradient (its Node bundle and its ESM entry both do).
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { registerBatchNormGrad } from './batchNormGrad';
import { registerWasmConvGradients } from './wasmConvGrads';

/**
 * Selects the tfjs backend for Node training/evaluation. wasm is ~25× faster than cpu here and,
 * with our gradient kernels, can train convolutions (MEASURED.md).
 */
export async function initNodeBackend(name: 'wasm' | 'cpu' = 'wasm'): Promise<void> {
  if (name === 'wasm') registerWasmConvGradients();
  registerBatchNormGrad();
  // Importing the wasm backend makes it the default before it is ready: always await setBackend.
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
}
