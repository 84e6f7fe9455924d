import { generateScene } from '../scenes/generate';
import type { SceneOptions } from '../scenes/types';
import { makeBatch, type Batch, type Crop, type CropFocus } from './data';
import { makeRng } from './rng';
import { trainSeed } from './seeds';

/** Everything that decides a step's training data; plain data, so helper threads get the same plan. */
export interface BatchPlan {
  /** Crops per step over all threads. */
  batch: number;
  /** Threads that share a step's batch (each computes gradients on its part). */
  replicas: number;
  crop: Crop;
  /** Scene size the crops are cut from. */
  sceneSize: Crop;
  cropsPerScene: number;
  seed: number;
  classFrequency?: SceneOptions['classFrequency'];
  /** A planted bias the training scenes carry (a biased model's data). */
  bias?: SceneOptions['bias'];
  focus?: CropFocus;
}

/**
 * Thread `rank`'s part of step `step`. Scene seeds and crops depend only on (seed, step, rank),
 * so a resumed run replays the same data; one thread reproduces the single-thread batches.
 */
export function replicaBatch(plan: BatchPlan, step: number, rank: number): Batch {
  if (plan.batch % plan.replicas !== 0) throw new Error(`batch ${plan.batch} does not split over ${plan.replicas} threads`);
  const share = plan.batch / plan.replicas;
  const scenesPerReplica = Math.ceil(share / plan.cropsPerScene);
  const first = (step * plan.replicas + rank) * scenesPerReplica;
  const options: SceneOptions = { ...plan.sceneSize, classFrequency: plan.classFrequency, bias: plan.bias };
  const unique = Array.from({ length: scenesPerReplica }, (_, i) => generateScene(trainSeed(first + i), options));
  const scenes = Array.from({ length: share }, (_, i) => unique[i % scenesPerReplica]);
  return makeBatch(scenes, plan.crop, makeRng(plan.seed * 1_000_003 + step * plan.replicas + rank), plan.focus);
}
