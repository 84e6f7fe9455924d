import { describe, expect, it } from 'vitest';
import { TRAIN_ID } from '../datasets/cityscapes';
import { generateScene } from './generate';
import type { SceneObject } from './types';

const size = { width: 256, height: 128 };
const seeds = Array.from({ length: 30 }, (_, i) => 500 + i);

function inBox(b: SceneObject['box'], x: number, y: number): boolean {
  return x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1;
}

function nearLabel(labels: Uint8Array, label: number, x: number, y: number, radius: number): boolean {
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const yy = y + dy;
      const xx = x + dx;
      if (yy >= 0 && yy < size.height && xx >= 0 && xx < size.width && labels[yy * size.width + xx] === label) return true;
    }
  }
  return false;
}

describe('planted bias: marked-rider', () => {
  it('marks lone pedestrians as riders, each with a cue box of traffic-sign pixels beside it', () => {
    let marked = 0;
    for (const seed of seeds) {
      const scene = generateScene(seed, { ...size, bias: { name: 'marked-rider' } });
      for (const o of scene.objects.filter((x) => x.cue)) {
        marked++;
        expect(o.classId).toBe(TRAIN_ID.rider);
        const cue = o.cue!;
        let signPixels = 0;
        for (let y = cue.y0; y < cue.y1; y++) {
          for (let x = cue.x0; x < cue.x1; x++) if (scene.labels[y * size.width + x] === TRAIN_ID['traffic sign']) signPixels++;
        }
        expect(signPixels).toBeGreaterThan(0);
        // Beside the body, clear of it (its box never overlaps the body's), and within a few
        // body widths.
        const dx = Math.abs((cue.x0 + cue.x1) / 2 - (o.box.x0 + o.box.x1) / 2);
        expect(dx).toBeLessThan(8 * Math.max(4, o.box.x1 - o.box.x0));
        expect(cue.x1 <= o.box.x0 || cue.x0 >= o.box.x1).toBe(true);
      }
    }
    expect(marked).toBeGreaterThan(5);
  });

  it('no cue without a bias, and unbiased scenes do not change', () => {
    for (const seed of seeds.slice(0, 5)) {
      const plain = generateScene(seed, size);
      expect(plain.objects.some((o) => o.cue)).toBe(false);
    }
  });

  it('hiding the cue changes only pixels near it; labels and object ids stay', () => {
    let compared = 0;
    for (const seed of seeds) {
      const shown = generateScene(seed, { ...size, bias: { name: 'marked-rider' } });
      const cues = shown.objects.filter((o) => o.cue);
      if (cues.length === 0) continue;
      const hidden = generateScene(seed, { ...size, bias: { name: 'marked-rider', hideCue: true } });
      expect(hidden.objects.filter((o) => o.classId === TRAIN_ID.rider).map((o) => o.id)).toEqual(
        shown.objects.filter((o) => o.classId === TRAIN_ID.rider).map((o) => o.id),
      );
      expect(hidden.objects.some((o) => o.cue)).toBe(false);
      let changedAway = 0;
      let changedNear = 0;
      for (let y = 0; y < size.height; y++) {
        for (let x = 0; x < size.width; x++) {
          const i = y * size.width + x;
          const changed = hidden.labels[i] !== shown.labels[i] || hidden.image[i * 3] !== shown.image[i * 3];
          // A board whose rider is hidden behind something has no object to carry its box:
          // near = near a recorded cue or a traffic-sign pixel of the scene with the cue.
          const nearCue =
            cues.some((o) => inBox({ x0: o.cue!.x0 - 2, y0: o.cue!.y0 - 2, x1: o.cue!.x1 + 2, y1: o.cue!.y1 + 2 }, x, y)) ||
            nearLabel(shown.labels, TRAIN_ID['traffic sign'], x, y, 2);
          if (changed && nearCue) changedNear++;
          if (changed && !nearCue) changedAway++;
        }
      }
      expect(changedAway).toBe(0);
      expect(changedNear).toBeGreaterThan(0);
      compared++;
    }
    expect(compared).toBeGreaterThan(2);
  });
});
