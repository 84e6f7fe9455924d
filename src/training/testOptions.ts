import { ProgressLine } from './progress';
import type { TrainOptions } from './trainLoop';

/** Progress that prints nothing, for tests. */
export const silentProgress = new ProgressLine({ isTTY: false, write: () => true } as unknown as NodeJS.WriteStream);

/** A training run small enough for a unit test: base-4 U-Net on 16×32 crops of 32×64 scenes. */
export function tinyTrainOptions(checkpointDir: string, overrides: Partial<TrainOptions> = {}): TrainOptions {
  return {
    steps: 4,
    batch: 2,
    crop: { height: 16, width: 32 },
    sceneSize: { height: 32, width: 64 },
    base: 4,
    learningRate: 0.005,
    diceWeight: 0.5,
    seed: 9,
    checkpointDir,
    checkpointEvery: 2,
    resume: false,
    frequencyScenes: 4,
    cropsPerScene: 2,
    ...overrides,
  };
}
