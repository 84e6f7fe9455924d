// A helper training thread: computes gradients on its part of each step's batch. Thin adapter
// over batches.ts and gradients.ts; the main thread owns the optimizer and the weights.
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import * as tf from '@tensorflow/tfjs-core';
import { parentPort } from 'node:worker_threads';
import { buildUnet } from '../model/unet';
import { initNodeBackend } from './backend';
import { replicaBatch } from './batches';
import { assignFlat, batchGradients, trainableVariables, type FlatGradients } from './gradients';
import type { ReplicaSetup } from './gradientPeer';

let setup: ReplicaSetup | undefined;
let model: ReturnType<typeof buildUnet> | undefined;
let classWeights: tf.Tensor1D | undefined;

const api = {
  async init(s: ReplicaSetup): Promise<void> {
    await initNodeBackend('wasm', { native: s.native });
    setup = s;
    model = buildUnet({ height: s.plan.crop.height, width: s.plan.crop.width, base: s.base, seed: s.modelSeed });
    classWeights = tf.tensor1d(s.classWeights);
  },
  gradients(step: number, weights: Float32Array): FlatGradients {
    if (!setup || !model || !classWeights) throw new Error('gradient worker used before init');
    const variables = trainableVariables(model);
    assignFlat(variables, weights);
    const batch = replicaBatch(setup.plan, step, setup.rank);
    const result = batchGradients(model, variables, batch, classWeights, setup.diceWeight);
    tf.dispose([batch.x, batch.labels]);
    return Comlink.transfer(result, [result.grads.buffer]);
  },
};

export type GradientWorkerApi = typeof api;

if (!parentPort) throw new Error('gradientWorker.ts runs as a worker thread');
Comlink.expose(api, nodeEndpoint(parentPort));
