// Contract of the synthetic street-scene generator (pure TypeScript, deterministic).

export const VOID_LABEL = 255;

export interface SceneOptions {
  width: number;
  height: number;
  /** Optional knobs for later datasets (class frequencies, co-occurrence rules). */
  classFrequency?: Partial<Record<string, number>>;
}

export interface SceneObject {
  id: number; // instance id as it appears in `instances`
  classId: number; // Cityscapes train id
  box: { x0: number; y0: number; x1: number; y1: number }; // pixel box, x1/y1 exclusive
  depth: number; // larger = further away
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
