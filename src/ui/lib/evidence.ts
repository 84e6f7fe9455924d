// Ground-truth evidence for the current M on a generated scene: the objects M touches (or, when
// it touches none of the class, every pixel of the class), their boxes and planted cues.
import { generateScene } from '../../scenes/generate';
import type { BiasName, Scene, SceneObject } from '../../scenes/types';
import { energyInRegion, pointingGame, relevanceRankAuc } from '../../metrics/localisation';
import { boxRegion } from '../../metrics/baselines';

export type Box = SceneObject['box'];

export interface Evidence {
  height: number;
  width: number;
  /** The evidence pixels at the scene's (= model input's) resolution. */
  region: Uint8Array;
  boxes: Box[];
  cues: Box[];
  /** What the region is, for the panel. */
  description: string;
}

const sceneCache = new Map<string, Scene>();

/** The scene at the model input's size (cached: the slider must not regenerate it). */
export function evidenceScene(seed: number, bias: BiasName | undefined, size: { height: number; width: number }): Scene {
  const cacheKey = `${seed}|${bias ?? ''}|${size.height}x${size.width}`;
  let scene = sceneCache.get(cacheKey);
  if (!scene) {
    if (sceneCache.size > 8) sceneCache.clear();
    scene = generateScene(seed, { ...size, bias: bias ? { name: bias } : undefined });
    sceneCache.set(cacheKey, scene);
  }
  return scene;
}

/** `mask` at the scene's resolution; `className` for the description. */
export function evidenceFor(scene: Scene, mask: Uint8Array, classIndex: number, className: string): Evidence {
  const hit = new Set<number>();
  for (let i = 0; i < mask.length; i++) if (mask[i] && scene.instances[i] !== 0) hit.add(scene.instances[i]);
  const objects = scene.objects.filter((o) => hit.has(o.id) && o.classId === classIndex);
  if (objects.length > 0) {
    const ids = new Set(objects.map((o) => o.id));
    return {
      height: scene.height,
      width: scene.width,
      region: Uint8Array.from(scene.instances, (v) => (ids.has(v) ? 1 : 0)),
      boxes: objects.map((o) => o.box),
      cues: objects.flatMap((o) => (o.cue ? [o.cue] : [])),
      description: objects.length === 1 ? `the ${className} under M` : `the ${objects.length} ${className} objects under M`,
    };
  }
  return {
    height: scene.height,
    width: scene.width,
    region: Uint8Array.from(scene.labels, (l) => (l === classIndex ? 1 : 0)),
    boxes: [],
    cues: [],
    description: `every ${className} pixel (M touches no ${className} object)`,
  };
}

export interface EvidenceScores {
  energy: number;
  pointing: boolean | null;
  rankAuc: number;
  /** Energy on the planted cues ÷ their area share; NaN without cues. */
  cueEnergy: number;
}

export const LIVE_POINTING_TOLERANCE = 3;

/** `map` at the model input's resolution (the explanation's upsampled map). */
export function evidenceScores(map: Float32Array, evidence: Evidence): EvidenceScores {
  const cue = evidence.cues.length > 0 ? energyInRegion(map, boxRegion(evidence.cues, evidence.height, evidence.width)).ratio : NaN;
  return {
    energy: energyInRegion(map, evidence.region).ratio,
    pointing: pointingGame(map, evidence.region, evidence.width, LIVE_POINTING_TOLERANCE).hit,
    rankAuc: relevanceRankAuc(map, evidence.region),
    cueEnergy: cue,
  };
}
