import type { Camera } from './camera';
import type { Raster } from './raster';
import type { SceneObject } from './types';

/** The street's cross-section in street coordinates (metres, camera at X = 0). */
export interface Street {
  laneWidth: number;
  /** Centres of the lanes going away from the camera (right-hand traffic) and towards it. */
  lanesAway: number[];
  lanesToward: number[];
  /** Road edges (curb lines). */
  roadLeft: number;
  roadRight: number;
  /** Outer edges of the sidewalks = where buildings, walls and fences stand. */
  lineLeft: number;
  lineRight: number;
  /** Optional strip of grass between curb and sidewalk, width in metres (0 = none). */
  vergeLeft: number;
  vergeRight: number;
  /** Nearest and farthest distance of the street. */
  zNear: number;
  zEnd: number;
  /** A cross street (intersection) between z0 and z1, or null. */
  cross: { z0: number; z1: number } | null;
  /** Centre of tram rails, or null. */
  railsX: number | null;
}

export interface SceneContext {
  raster: Raster;
  cam: Camera;
  street: Street;
  /** Minimum stroke width in pixels for thin things (poles), ≥ 2 px at 256 px image width. */
  minStroke: number;
  /** Multiplier for the count of a class (SceneOptions.classFrequency), default 1. */
  freq(className: string): number;
  /** Registers an instance and returns its id. */
  addObject(classId: number, depth: number): number;
  objects: SceneObject[];
  /** Planted cues: object id → id of the cue its label depends on (biased scenes only). */
  cues: Map<number, number>;
}

/** Count of objects for a class: the base count scaled by the frequency option, rounded by chance. */
export function scaledCount(ctx: SceneContext, className: string, base: number, u: number): number {
  const n = base * ctx.freq(className);
  return Math.floor(n + u);
}
