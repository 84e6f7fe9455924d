// Contract of the synthetic street-scene generator (pure TypeScript, deterministic).

export const VOID_LABEL = 255;

export interface SceneOptions {
  width: number;
  height: number;
  /** Optional knobs for later datasets (class frequencies, co-occurrence rules). */
  classFrequency?: Partial<Record<string, number>>;
  /** Context rules applied to the placed objects, to plant a known bias in a dataset. */
  cooccurrence?: CooccurrenceRule[];
  /** A planted bias (see bias.ts); absent = the natural scenes. */
  bias?: SceneBias;
}

/** Planted biases a dataset can carry; `hideCue` paints the scene without the cue (labels unchanged). */
export interface SceneBias {
  name: BiasName;
  hideCue?: boolean;
}

export const BIAS_NAMES = ['marked-rider'] as const;
export type BiasName = (typeof BIAS_NAMES)[number];

/**
 * `near`: objects of `subject` are kept only when an object of `context` stands within
 * `distance` metres on the street plane; `notNear`: only when none does. Classes by name, e.g.
 * { subject: 'bicycle', context: 'person', relation: 'near' }. Applies to placed objects
 * (vehicles, people, two-wheelers, poles with signs and lights, street trees).
 */
export interface CooccurrenceRule {
  subject: string;
  context: string;
  relation: 'near' | 'notNear';
  /** Metres; default 6. */
  distance?: number;
}

export interface SceneObject {
  id: number; // instance id as it appears in `instances`
  classId: number; // Cityscapes train id
  box: { x0: number; y0: number; x1: number; y1: number }; // pixel box, x1/y1 exclusive
  depth: number; // larger = further away
  /** Pixel box of the planted cue this object's label depends on (biased scenes only). */
  cue?: { x0: number; y0: number; x1: number; y1: number };
}

export interface Scene {
  seed: number;
  width: number;
  height: number;
  /** RGB, row-major, length width·height·3. */
  image: Uint8Array;
  /** Cityscapes train ids 0..18, 255 = void; length width·height. */
  labels: Uint8Array;
  /** 0 = no instance; otherwise SceneObject.id. */
  instances: Uint16Array;
  objects: SceneObject[];
}
