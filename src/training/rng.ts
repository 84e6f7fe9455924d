import { seededRandom } from '../metrics/seededRandom';

/** mulberry32 (metrics/seededRandom.ts) with its own seed mix, so crops and flips replay exactly on --resume. */
export function makeRng(seed: number): () => number {
  return seededRandom(seed ^ 0x5bd1e995);
}
