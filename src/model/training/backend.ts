import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-layers registers every gradient (its Node bundle and its ESM entry both do).
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { registerBatchNormGrad } from './batchNormGrad';
import { registerOnednnConvKernels } from './onednnConv';
import { registerWasmConvGradients } from './wasmConvGrads';

export interface NodeBackendOptions {
  /** Route wasm convolutions to the oneDNN addon when it is built (npm run build:native). */
  nativeConv?: boolean;
}

/**
 * Selects the tfjs backend for Node training/evaluation. wasm is ~25× faster than cpu here and,
 * with our gradient kernels, can train convolutions (MEASURED.md); the optional oneDNN kernels
 * make its convolutions several times faster again.
 */
export async function initNodeBackend(name: 'wasm' | 'cpu' = 'wasm', options: NodeBackendOptions = {}): Promise<{ nativeConv: boolean }> {
  if (name === 'wasm') registerWasmConvGradients();
  const nativeConv = name === 'wasm' && options.nativeConv === true && registerOnednnConvKernels();
  registerBatchNormGrad();
  // Importing the wasm backend makes it the default before it is ready: always await setBackend.
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
  return { nativeConv };
}
