import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { replicaBatch, type BatchPlan } from './batches';
import { GradientPeer, type ReplicaSetup } from './gradientPeer';
import { applyMeanGradients, batchGradients, flattenVariables } from './gradients';

/** This thread's model and optimizer, and the peers that share each step's batch with it. */
export interface StepTeam {
  model: tfl.LayersModel;
  variables: tf.Variable[];
  optimizer: tf.Optimizer;
  classWeights: tf.Tensor1D;
  diceWeight: number;
  plan: BatchPlan;
  peers: GradientPeer[];
}

/** One helper thread per replica beyond this one (ranks 1…replicas−1). */
export function startPeers(setup: Omit<ReplicaSetup, 'rank'>): Promise<GradientPeer[]> {
  return Promise.all(Array.from({ length: setup.plan.replicas - 1 }, (_, i) => GradientPeer.start({ ...setup, rank: i + 1 })));
}

/**
 * One training step: the peers start on their parts of the batch at the current weights, this
 * thread computes its own part meanwhile, and one optimizer step applies the mean gradient.
 * Returns the mean loss.
 */
export async function parallelStep(team: StepTeam, step: number): Promise<number> {
  const { model, variables, optimizer, classWeights, diceWeight, plan, peers } = team;
  const weights = peers.length > 0 ? flattenVariables(variables) : undefined;
  const theirs = peers.map((peer) => peer.gradients(step, weights!));
  const batch = replicaBatch(plan, step, 0);
  const mine = batchGradients(model, variables, batch, classWeights, diceWeight);
  batch.x.dispose();
  batch.labels.dispose();
  return applyMeanGradients(optimizer, variables, [mine, ...(await Promise.all(theirs))]);
}
