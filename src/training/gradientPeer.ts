import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker } from 'node:worker_threads';
import type { BatchPlan } from './batches';
import type { FlatGradients } from './gradients';
import type { GradientWorkerApi } from './gradientWorker';

export interface ReplicaSetup {
  plan: BatchPlan;
  rank: number;
  base: number;
  modelSeed: number;
  diceWeight: number;
  classWeights: number[];
  /** Use the native training kernels if built, as the main thread does. */
  native?: boolean;
}

/**
 * A second core for training: a worker thread with its own wasm backend and model replica that
 * computes gradients on its part of the batch while the main thread computes its own (data
 * parallelism; wasm runs one thread in Node).
 */
export class GradientPeer {
  private constructor(
    private readonly worker: Worker,
    private readonly remote: Comlink.Remote<GradientWorkerApi>,
  ) {}

  static async start(setup: ReplicaSetup): Promise<GradientPeer> {
    const worker = new Worker(new URL('./gradientWorkerBoot.mjs', import.meta.url));
    const remote = Comlink.wrap<GradientWorkerApi>(nodeEndpoint(worker));
    const peer = new GradientPeer(worker, remote);
    try {
      await remote.init(setup);
    } catch (error) {
      await peer.close();
      throw error;
    }
    return peer;
  }

  /** Starts the worker's part of `step` at `weights` (posted at once; await the result later). */
  gradients(step: number, weights: Float32Array): Promise<FlatGradients> {
    return this.remote.gradients(step, weights);
  }

  async close(): Promise<void> {
    this.remote[Comlink.releaseProxy]();
    await this.worker.terminate();
  }
}
