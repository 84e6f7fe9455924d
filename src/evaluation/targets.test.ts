import { describe, expect, it } from 'vitest';
import { generateScene } from '../scenes/generate';
import { MeanTable } from './accumulator';
import { lineChart } from './svgChart';
import { anotherObject, pickTargets, THING_CLASSES } from './targets';

describe('evaluation targets', () => {
  it('the largest thing object as a pixel on it, its pixels, and its whole class', () => {
    const scene = generateScene(3, { width: 256, height: 128 });
    const targets = pickTargets(scene);
    expect(targets.map((t) => t.kind)).toEqual(['pixel', 'object', 'class']);
    const [pixel, object, whole] = targets;
    const id = object.object.id;
    const count = (m: Uint8Array) => m.reduce((a, b) => a + b, 0);
    // Brute force: the largest instance among thing classes.
    const sizes = scene.objects.filter((o) => THING_CLASSES.includes(o.classId)).map((o) => ({ id: o.id, n: scene.instances.filter((v) => v === o.id).length }));
    expect(id).toBe(sizes.sort((a, b) => b.n - a.n)[0].id);
    expect(count(object.mask)).toBe(scene.instances.filter((v) => v === id).length);
    expect(count(pixel.mask)).toBe(1);
    expect(scene.instances[pixel.mask.indexOf(1)]).toBe(id);
    expect(count(whole.mask)).toBe(scene.labels.filter((l) => l === object.classIndex).length);
    expect(whole.evidence).toEqual(whole.mask);
  });

  it('another object for target randomisation: the largest other thing object, never the same one', () => {
    let found = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const scene = generateScene(seed, { width: 256, height: 128 });
      const [, object] = pickTargets(scene);
      if (!object) continue;
      const other = anotherObject(scene, object.object);
      if (!other) continue;
      found++;
      const ids = new Set(scene.instances.filter((_, i) => other.mask[i] === 1));
      expect(ids.size).toBe(1);
      const [id] = ids;
      expect(id).not.toBe(object.object.id);
      expect(scene.objects.find((o) => o.id === id)?.classId).toBe(other.classIndex);
      const count = (target: number) => scene.instances.filter((v) => v === target).length;
      const larger = scene.objects.filter((o) => o.id !== object.object.id && THING_CLASSES.includes(o.classId) && count(o.id) > count(id));
      expect(larger).toEqual([]);
    }
    expect(found).toBeGreaterThan(3);
  });
});

describe('mean table and chart', () => {
  it('keeps undefined values apart', () => {
    const t = new MeanTable();
    [1, 2, NaN, 3].forEach((v) => t.add('a', v));
    expect(t.mean('a')).toBe(2);
    expect(t.count('a')).toBe(3);
    expect(t.undefinedShare('a')).toBe(0.25);
    expect(t.mean('missing')).toBeNaN();
  });

  it('draws one path per series, with gaps for missing values', () => {
    const svg = lineChart({ title: 'a < b', xLabels: ['x', 'y', 'z'], yLabel: 'v', series: [{ name: 's1', values: [1, NaN, 3] }, { name: 's2', values: [2, 2, 2] }] });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('a &lt; b');
    expect(svg.match(/<path /g)).toHaveLength(2);
    expect(svg).toMatch(/d="M[^"]*M/); // the gap restarts the line
  });
});
