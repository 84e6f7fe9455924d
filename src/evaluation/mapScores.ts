// Localisation scores of one map (input resolution) against ground-truth evidence.
import { energyInRegion, pointingGame, relevanceRankAuc } from '../metrics/localisation';

export interface LocalisationScores {
  /** Energy share inside the evidence ÷ its area share (1 = chance); NaN for an all-zero map. */
  energy: number;
  /** 1 hit, 0 miss; NaN for an all-zero map. */
  pointing: number;
  rankAuc: number;
  /** 1 when the map is all zero. */
  empty: number;
}

/** The pointing game's slack, in input pixels: a peak next to a thin object still counts. */
export const POINTING_TOLERANCE = 3;

export function localisationScores(map: Float32Array, evidence: Uint8Array, width: number): LocalisationScores {
  const e = energyInRegion(map, evidence);
  const p = pointingGame(map, evidence, width, POINTING_TOLERANCE);
  return {
    energy: e.ratio,
    pointing: p.hit === null ? NaN : p.hit ? 1 : 0,
    rankAuc: relevanceRankAuc(map, evidence),
    empty: p.hit === null ? 1 : 0,
  };
}
