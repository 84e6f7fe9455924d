import { describe, expect, it } from 'vitest';
import { evidenceFor, evidenceScene, evidenceScores } from './evidence';

describe('evidence of a generated scene', () => {
  const scene = evidenceScene(6, 'marked-rider', { height: 128, width: 256 });
  const marked = scene.objects.find((o) => o.cue)!;

  it('is the object under M, with its box and its cue', () => {
    const mask = Uint8Array.from(scene.instances, (v) => (v === marked.id ? 1 : 0));
    const e = evidenceFor(scene, mask, marked.classId, 'rider');
    expect(e.boxes).toEqual([marked.box]);
    expect(e.cues).toEqual([marked.cue]);
    expect(e.region).toEqual(mask);
    // A map that is the object itself: all energy inside, peak inside, AUC 1; nothing on the cue.
    const s = evidenceScores(Float32Array.from(mask), e);
    expect(s.pointing).toBe(true);
    expect(s.rankAuc).toBe(1);
    expect(s.energy).toBeCloseTo(mask.length / mask.reduce((a, b) => a + b, 0), 6);
    expect(s.cueEnergy).toBe(0);
  });

  it('falls back to the whole class when M touches no object of it', () => {
    const mask = new Uint8Array(scene.instances.length);
    mask[0] = 1; // top-left: sky
    const e = evidenceFor(scene, mask, 0, 'road');
    expect(e.boxes).toEqual([]);
    expect(e.region.reduce((a, b) => a + b, 0)).toBe(scene.labels.filter((l) => l === 0).length);
  });
});
