import type { Street } from './context';
import type { Rng } from './random';

/** Lane layout, sidewalks, intersection and street length for one scene (right-hand traffic). */
export function makeStreet(rng: Rng, zNear: number, tram: boolean): Street & { parkLeft: number | null; parkRight: number | null } {
  const laneWidth = rng.range(2.9, 3.6);
  const nAway = rng.int(1, 2);
  const nToward = rng.int(1, 2);
  const camLane = rng.int(0, nAway - 1);
  const centre = -(camLane + 0.5) * laneWidth + rng.range(-0.5, 0.5);
  const lanesAway = Array.from({ length: nAway }, (_, i) => centre + (i + 0.5) * laneWidth);
  const lanesToward = Array.from({ length: nToward }, (_, i) => centre - (i + 0.5) * laneWidth);
  const parkRightW = rng.chance(0.55) ? 2.2 : 0;
  const parkLeftW = rng.chance(0.45) ? 2.2 : 0;
  const roadRight = centre + nAway * laneWidth + parkRightW;
  const roadLeft = centre - nToward * laneWidth - parkLeftW;
  const vergeRight = rng.chance(0.25) ? rng.range(0.8, 2) : 0;
  const vergeLeft = rng.chance(0.25) ? rng.range(0.8, 2) : 0;
  const lineRight = roadRight + 0.3 + vergeRight + rng.range(2, 5);
  const lineLeft = roadLeft - 0.3 - vergeLeft - rng.range(2, 5);
  let cross: Street['cross'] = null;
  let zEnd = rng.range(70, 220);
  if (rng.chance(0.45)) {
    const z0 = rng.range(14, 45);
    cross = { z0, z1: z0 + rng.range(12, 20) };
    zEnd = Math.max(zEnd, cross.z1 + 30);
  }
  return {
    laneWidth,
    lanesAway,
    lanesToward,
    roadLeft,
    roadRight,
    lineLeft,
    lineRight,
    vergeLeft,
    vergeRight,
    zNear,
    zEnd,
    cross,
    railsX: tram ? (rng.chance(0.5) ? lanesToward[0] : lanesAway[0]) : null,
    parkLeft: parkLeftW > 0 ? roadLeft + parkLeftW / 2 : null,
    parkRight: parkRightW > 0 ? roadRight - parkRightW / 2 : null,
  };
}
