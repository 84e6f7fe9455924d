import { Camera } from './camera';
import type { SceneContext } from './context';
import { ASPHALT, GRASS, PAVEMENT, vary } from './color';
import { paintGround } from './paint/ground';
import { paintSky } from './paint/sky';
import { paintFrontage } from './paint/frontage';
import { paintSkyline } from './paint/buildings';
import { paintTree } from './paint/vegetation';
import { develop, randomLighting } from './post';
import { paintProps } from './props';
import { Raster } from './raster';
import { Rng } from './random';
import { makeStreet } from './street';
import type { Scene, SceneObject, SceneOptions } from './types';

/**
 * A synthetic Cityscapes-style street scene, fully determined by `seed` and `options`:
 * the same bytes in Node and in every browser.
 */
export function generateScene(seed: number, options: SceneOptions): Scene {
  const { width, height } = options;
  const rng = new Rng(seed);
  const freq = (name: string): number => {
    const f = options.classFrequency?.[name];
    return f === undefined ? 1 : Math.max(0, f);
  };

  // Camera: all lengths in pixels scale with the image width, so any resolution shows the same scene.
  const camRng = rng.fork(1);
  const focal = width * camRng.range(0.55, 0.75);
  const horizon = height * camRng.range(0.36, 0.47);
  const centerX = width * (0.5 + camRng.range(-0.06, 0.06));
  const eye = camRng.range(1.3, 1.7);
  const bend = camRng.chance(0.5) ? camRng.range(-0.0035, 0.0035) : 0;
  const cam = new Camera(width, height, focal, horizon, centerX, eye, bend);

  const tram = rng.fork(2).chance(0.1 * freq('train'));
  const street = makeStreet(rng.fork(3), cam.nearestGround() * 0.8, tram);
  const raster = new Raster(width, height, cam.rowDepths());
  const objects: SceneObject[] = [];
  const ctx: SceneContext = {
    raster,
    cam,
    street,
    minStroke: Math.max(1, width / 128),
    freq,
    objects,
    cues: new Map(),
    addObject: (classId, depth) => {
      const id = objects.length + 1;
      objects.push({ id, classId, box: { x0: 0, y0: 0, x1: 0, y1: 0 }, depth });
      return id;
    },
  };

  const light = randomLighting(rng.fork(4));
  const lookRng = rng.fork(5);
  paintSky(ctx, rng.fork(6), light.sky);
  paintStreetEnd(ctx, rng.fork(7));
  paintGround(ctx, rng.fork(8), {
    asphalt: vary(lookRng, ASPHALT, 4),
    pavement: vary(lookRng, PAVEMENT, 6),
    curb: vary(lookRng, [[185, 182, 175], [160, 158, 155]], 5),
    grass: vary(lookRng, GRASS, 8),
  });
  paintSideShadow(ctx, rng.fork(9), light.shadow);
  paintFrontage(ctx, rng.fork(10));
  paintProps(ctx, rng.fork(11), { parkLeft: street.parkLeft, parkRight: street.parkRight, tram, bias: options.bias }, options.cooccurrence);

  const image = develop(raster, light, seed);
  return {
    seed,
    width,
    height,
    image,
    labels: raster.labels,
    instances: raster.instances,
    objects: withCues(visibleObjects(objects, raster.instances, width, height), ctx.cues),
  };
}

/** What closes the view at the end of the street: a row of buildings or a line of trees. */
function paintStreetEnd(ctx: SceneContext, rng: Rng): void {
  const Z = ctx.street.zEnd;
  if (rng.chance(0.7) && ctx.freq('building') > 0) {
    paintSkyline(ctx, rng, Z);
  } else if (ctx.freq('vegetation') > 0) {
    for (let X = -Z; X < Z; X += rng.range(6, 12)) paintTree(ctx, rng.fork(Math.floor(X)), X, Z + rng.range(0, 10), rng.range(8, 16));
  }
}

/** Buildings on the sun-facing side throw the near half of the street into shadow (RGB only). */
function paintSideShadow(ctx: SceneContext, rng: Rng, shadow: [number, number, number]): void {
  if (!rng.chance(0.5)) return;
  const { street } = ctx;
  const left = rng.chance(0.5);
  const reach = rng.range(0.2, 0.7) * (street.roadRight - street.roadLeft);
  const xa = left ? street.lineLeft - 50 : street.roadRight - reach;
  const xb = left ? street.roadLeft + reach : street.lineRight + 50;
  const pieces: [number, number][] = street.cross
    ? [[street.zNear, street.cross.z0], [street.cross.z1, street.zEnd]]
    : [[street.zNear, street.zEnd]];
  for (const [za, zb] of pieces) {
    ctx.raster.polygon(groundPolygon(ctx, xa, xb, za, zb), { label: null, multiply: true, color: shadow });
  }
}

function groundPolygon(ctx: SceneContext, xa: number, xb: number, za: number, zb: number): number[] {
  const pts: number[] = [];
  const n = 10;
  for (let i = 0; i <= n; i++) {
    const z = 1 / (1 / za + ((1 / zb - 1 / za) * i) / n);
    pts.push(ctx.cam.x(xa, z), ctx.cam.y(0, z));
  }
  for (let i = n; i >= 0; i--) {
    const z = 1 / (1 / za + ((1 / zb - 1 / za) * i) / n);
    pts.push(ctx.cam.x(xb, z), ctx.cam.y(0, z));
  }
  return pts;
}

/** Boxes from the visible pixels; objects hidden completely are dropped. */
function visibleObjects(all: SceneObject[], instances: Uint16Array, width: number, height: number): SceneObject[] {
  const boxes = all.map(() => ({ x0: width, y0: height, x1: 0, y1: 0, n: 0 }));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const id = instances[y * width + x];
      if (id === 0) continue;
      const b = boxes[id - 1];
      b.n++;
      if (x < b.x0) b.x0 = x;
      if (y < b.y0) b.y0 = y;
      if (x + 1 > b.x1) b.x1 = x + 1;
      if (y + 1 > b.y1) b.y1 = y + 1;
    }
  }
  return all
    .filter((o) => boxes[o.id - 1].n > 0)
    .map((o) => {
      const { x0, y0, x1, y1 } = boxes[o.id - 1];
      return { ...o, box: { x0, y0, x1, y1 } };
    });
}


/** Attaches each visible cue's box to the object whose label depends on it. */
function withCues(visible: SceneObject[], cues: Map<number, number>): SceneObject[] {
  if (cues.size === 0) return visible;
  const byId = new Map(visible.map((o) => [o.id, o]));
  return visible.map((o) => {
    const cueId = cues.get(o.id);
    const cue = cueId === undefined ? undefined : byId.get(cueId);
    return cue ? { ...o, cue: cue.box } : o;
  });
}
