import { TRAIN_ID } from '../../datasets/cityscapes';
import type { SceneContext } from '../context';
import type { Paint, Rgb } from '../raster';
import type { Rng } from '../random';
import { CLOTHES, SKIN, vary } from '../color';

/** Maps sprite coordinates (metres: a right, v up, from the ground point) to pixels. */
class Sprite {
  constructor(
    readonly x0: number,
    readonly y0: number,
    /** Pixels per metre. */
    readonly s: number,
    /** Horizontal squash (1 = seen side-on) and direction of travel (±1). */
    readonly squash: number,
    readonly dir: number,
  ) {}
  x(a: number): number {
    return this.x0 + this.dir * this.squash * a * this.s;
  }
  y(v: number): number {
    return this.y0 - v * this.s;
  }
}

function stroke(ctx: SceneContext, sp: Sprite, a0: number, v0: number, a1: number, v1: number, width: number, paint: Paint): void {
  ctx.raster.line(sp.x(a0), sp.y(v0), sp.x(a1), sp.y(v1), Math.max(1, width * sp.s), paint);
}

function solid(label: number, instance: number, depth: number, color: Rgb): Paint {
  return { label, instance, depth, color };
}

interface Outfit {
  top: Rgb;
  legs: Rgb;
  skin: Rgb;
  hair: Rgb;
}

function outfit(rng: Rng): Outfit {
  return {
    top: vary(rng, CLOTHES, 12),
    legs: vary(rng, [[30, 30, 40], [50, 60, 90], [80, 70, 60], [20, 20, 24], [120, 110, 100]], 8),
    skin: vary(rng, SKIN, 6),
    hair: vary(rng, [[30, 24, 20], [80, 60, 40], [150, 120, 80], [20, 20, 20], [160, 160, 160]], 6),
  };
}

/**
 * A pedestrian standing or walking at street (X, Z). `side` = seen side-on. `classId` labels the
 * body (a planted bias may call a pedestrian something else); returns the instance id.
 */
export function paintPerson(ctx: SceneContext, rng: Rng, X: number, Z: number, side: boolean, classId = TRAIN_ID.person): number {
  const { cam } = ctx;
  const H = rng.range(1.55, 1.92);
  const id = ctx.addObject(classId, Z);
  const sp = new Sprite(cam.x(X, Z), cam.y(0, Z), cam.scale(Z), 1, rng.chance(0.5) ? 1 : -1);
  const o = outfit(rng);
  const label = classId;
  const step = rng.range(-1, 1);
  const legs = solid(label, id, Z, o.legs);
  const top = solid(label, id, Z, o.top);
  if (side) {
    stroke(ctx, sp, 0, 0.5 * H, 0.16 * H * step, 0.02 * H, 0.075 * H, legs);
    stroke(ctx, sp, 0, 0.5 * H, -0.16 * H * step, 0.02 * H, 0.075 * H, legs);
    ctx.raster.polygon([sp.x(-0.07 * H), sp.y(0.82 * H), sp.x(0.07 * H), sp.y(0.82 * H), sp.x(0.06 * H), sp.y(0.48 * H), sp.x(-0.06 * H), sp.y(0.48 * H)], top);
    stroke(ctx, sp, 0, 0.8 * H, 0.12 * H * step, 0.5 * H, 0.05 * H, top);
  } else {
    const spread = 0.06 * H + 0.04 * H * Math.abs(step);
    stroke(ctx, sp, -0.06 * H, 0.5 * H, -spread, 0.02 * H, 0.08 * H, legs);
    stroke(ctx, sp, 0.06 * H, 0.5 * H, spread, 0.02 * H, 0.08 * H, legs);
    ctx.raster.polygon([sp.x(-0.13 * H), sp.y(0.82 * H), sp.x(0.13 * H), sp.y(0.82 * H), sp.x(0.1 * H), sp.y(0.46 * H), sp.x(-0.1 * H), sp.y(0.46 * H)], top);
    stroke(ctx, sp, -0.13 * H, 0.8 * H, -0.16 * H, 0.47 * H, 0.055 * H, top);
    stroke(ctx, sp, 0.13 * H, 0.8 * H, 0.16 * H, 0.47 * H, 0.055 * H, top);
  }
  ctx.raster.rect(sp.x(-0.025 * H), sp.y(0.87 * H), sp.x(0.025 * H), sp.y(0.8 * H), solid(label, id, Z, o.skin));
  ctx.raster.ellipse(sp.x(0), sp.y(0.93 * H), 0.055 * H * sp.s, 0.066 * H * sp.s, solid(label, id, Z, o.skin));
  ctx.raster.ellipse(sp.x(0), sp.y(0.96 * H), 0.056 * H * sp.s, 0.04 * H * sp.s, solid(label, id, Z, o.hair));
  return id;
}

export type TwoWheeler = 'bicycle' | 'motorcycle';

/**
 * A bicycle or motorcycle at street (X, Z), optionally ridden: `across` = crossing the street or
 * parked across the sidewalk (seen side-on), otherwise heading along the street (seen from behind).
 */
export function paintTwoWheeler(
  ctx: SceneContext,
  rng: Rng,
  kind: TwoWheeler,
  X: number,
  Z: number,
  across: boolean,
  ridden: boolean,
): void {
  const { cam } = ctx;
  const classId = kind === 'bicycle' ? TRAIN_ID.bicycle : TRAIN_ID.motorcycle;
  const id = ctx.addObject(classId, Z);
  if (!across) {
    const sp = new Sprite(cam.x(X, Z), cam.y(0, Z), cam.scale(Z), 1, 1);
    paintTwoWheelerFromBehind(ctx, rng, sp, kind, classId, id, Z);
    if (ridden) paintRiderFromBehind(ctx, rng, sp, kind, Z);
    return;
  }
  const sp = new Sprite(cam.x(X, Z), cam.y(0, Z), cam.scale(Z), rng.range(0.85, 1), rng.chance(0.5) ? 1 : -1);
  if (kind === 'bicycle') paintBicycle(ctx, rng, sp, classId, id, Z);
  else paintMotorcycle(ctx, rng, sp, classId, id, Z);
  if (ridden) paintRider(ctx, rng, sp, kind, Z);
}

function paintTwoWheelerFromBehind(ctx: SceneContext, rng: Rng, sp: Sprite, kind: TwoWheeler, classId: number, id: number, Z: number): void {
  const dark = solid(classId, id, Z, [25, 25, 27]);
  const moto = kind === 'motorcycle';
  const r = moto ? 0.31 : 0.34;
  const tyre = Math.max(1, (moto ? 0.13 : 0.05) * sp.s);
  ctx.raster.ellipse(sp.x(0), sp.y(r), tyre / 2 + 0.3, r * sp.s, dark);
  const bar = moto ? 0.38 : 0.27;
  stroke(ctx, sp, -bar, moto ? 1.08 : 1.02, bar, moto ? 1.08 : 1.02, 0.05, dark);
  if (moto) {
    const body = solid(classId, id, Z, vary(rng, [[30, 30, 34], [170, 20, 20], [30, 60, 140], [220, 220, 220]], 10));
    ctx.raster.polygon([sp.x(-0.2), sp.y(0.95), sp.x(0.2), sp.y(0.95), sp.x(0.24), sp.y(0.45), sp.x(-0.24), sp.y(0.45)], body);
    ctx.raster.rect(sp.x(-0.08), sp.y(0.8), sp.x(0.08), sp.y(0.7), solid(classId, id, Z, [220, 30, 30]));
  } else {
    stroke(ctx, sp, 0, 0.34, 0, 0.92, 0.05, solid(classId, id, Z, vary(rng, [[160, 30, 30], [30, 30, 30], [40, 80, 160], [200, 200, 200]], 10)));
    stroke(ctx, sp, -0.08, 0.93, 0.08, 0.93, 0.07, dark);
  }
}

function paintRiderFromBehind(ctx: SceneContext, rng: Rng, sp: Sprite, kind: TwoWheeler, Z: number): void {
  const id = ctx.addObject(TRAIN_ID.rider, Z);
  const label = TRAIN_ID.rider;
  const o = outfit(rng);
  const moto = kind === 'motorcycle';
  const legs = solid(label, id, Z, o.legs);
  const top = solid(label, id, Z, o.top);
  const hipV = moto ? 0.95 : 0.98;
  const footW = moto ? 0.22 : 0.15;
  stroke(ctx, sp, -0.11, hipV, -footW, moto ? 0.45 : 0.3, 0.12, legs);
  stroke(ctx, sp, 0.11, hipV, footW, moto ? 0.45 : 0.3, 0.12, legs);
  ctx.raster.polygon([sp.x(-0.2), sp.y(1.5), sp.x(0.2), sp.y(1.5), sp.x(0.16), sp.y(hipV - 0.05), sp.x(-0.16), sp.y(hipV - 0.05)], top);
  const bar = moto ? 0.36 : 0.26;
  const barV = moto ? 1.08 : 1.02;
  stroke(ctx, sp, -0.19, 1.46, -bar, barV, 0.08, top);
  stroke(ctx, sp, 0.19, 1.46, bar, barV, 0.08, top);
  if (moto) {
    const helmet = vary(rng, [[20, 20, 20], [220, 220, 220], [180, 30, 30], [30, 60, 150]], 8);
    ctx.raster.ellipse(sp.x(0), sp.y(1.66), 0.14 * sp.s + 0.3, 0.15 * sp.s, solid(label, id, Z, helmet));
  } else {
    ctx.raster.ellipse(sp.x(0), sp.y(1.63), 0.1 * sp.s + 0.3, 0.12 * sp.s, solid(label, id, Z, o.hair));
  }
}

function wheel(ctx: SceneContext, sp: Sprite, a: number, r: number, thickness: number, paint: Paint): void {
  const ry = r * sp.s;
  const rx = ry * sp.squash;
  const t = Math.max(1.2, thickness * sp.s);
  const hole = Math.max(0, 1 - t / ry);
  ctx.raster.ellipse(sp.x(a), sp.y(r), rx, ry, paint, hole);
}

function paintBicycle(ctx: SceneContext, rng: Rng, sp: Sprite, classId: number, id: number, Z: number): void {
  const frame = solid(classId, id, Z, vary(rng, [[160, 30, 30], [30, 30, 30], [40, 80, 160], [200, 200, 200], [40, 120, 60]], 10));
  const tyre = solid(classId, id, Z, [25, 25, 25]);
  const r = 0.34;
  wheel(ctx, sp, -0.52, r, 0.06, tyre);
  wheel(ctx, sp, 0.52, r, 0.06, tyre);
  const w = 0.045;
  const seat: [number, number] = [-0.14, 0.88];
  const crank: [number, number] = [0, 0.32];
  const head: [number, number] = [0.4, 0.82];
  stroke(ctx, sp, -0.52, r, seat[0], seat[1], w, frame);
  stroke(ctx, sp, seat[0], seat[1], crank[0], crank[1], w, frame);
  stroke(ctx, sp, crank[0], crank[1], -0.52, r, w, frame);
  stroke(ctx, sp, seat[0], seat[1], head[0], head[1], w, frame);
  stroke(ctx, sp, crank[0], crank[1], head[0], head[1], w, frame);
  stroke(ctx, sp, head[0], head[1], 0.52, r, w, frame);
  stroke(ctx, sp, head[0], head[1], 0.36, 1.02, w, frame);
  stroke(ctx, sp, 0.3, 1.02, 0.46, 1.02, w, tyre);
  stroke(ctx, sp, -0.22, 0.92, -0.04, 0.92, 0.06, tyre);
}

function paintMotorcycle(ctx: SceneContext, rng: Rng, sp: Sprite, classId: number, id: number, Z: number): void {
  const body = solid(classId, id, Z, vary(rng, [[30, 30, 34], [170, 20, 20], [30, 60, 140], [220, 220, 220], [230, 150, 30]], 10));
  const dark = solid(classId, id, Z, [28, 28, 30]);
  const r = 0.31;
  wheel(ctx, sp, -0.7, r, 0.12, dark);
  wheel(ctx, sp, 0.7, r, 0.12, dark);
  const pts = [[-0.85, 0.55], [-0.6, 0.85], [-0.1, 0.9], [0.2, 1.0], [0.5, 0.95], [0.55, 0.7], [0.3, 0.3], [-0.2, 0.28], [-0.55, 0.45]];
  const flat: number[] = [];
  for (const [a, v] of pts) flat.push(sp.x(a), sp.y(v));
  ctx.raster.polygon(flat, body);
  ctx.raster.polygon([sp.x(-0.25), sp.y(0.55), sp.x(0.25), sp.y(0.55), sp.x(0.2), sp.y(0.25), sp.x(-0.2), sp.y(0.25)], dark);
  stroke(ctx, sp, 0.5, 0.95, 0.7, r, 0.07, dark);
  stroke(ctx, sp, 0.45, 1.0, 0.55, 1.15, 0.05, dark);
  stroke(ctx, sp, -0.7, r, -0.2, 0.45, 0.06, dark);
}

function paintRider(ctx: SceneContext, rng: Rng, sp: Sprite, kind: TwoWheeler, Z: number): void {
  const id = ctx.addObject(TRAIN_ID.rider, Z);
  const label = TRAIN_ID.rider;
  const o = outfit(rng);
  const moto = kind === 'motorcycle';
  const hip: [number, number] = moto ? [-0.25, 0.98] : [-0.14, 0.96];
  const shoulder: [number, number] = moto ? [0.08, 1.5] : [0.1, 1.5];
  const hand: [number, number] = moto ? [0.48, 1.12] : [0.38, 1.04];
  const foot: [number, number] = moto ? [0.05, 0.42] : [rng.range(-0.12, 0.12), 0.28];
  const legs = solid(label, id, Z, o.legs);
  const top = solid(label, id, Z, o.top);
  const knee: [number, number] = [hip[0] + 0.3, 0.7];
  stroke(ctx, sp, hip[0], hip[1], knee[0], knee[1], 0.13, legs);
  stroke(ctx, sp, knee[0], knee[1], foot[0], foot[1], 0.11, legs);
  stroke(ctx, sp, hip[0], hip[1], shoulder[0], shoulder[1], 0.3, top);
  stroke(ctx, sp, shoulder[0], shoulder[1], hand[0], hand[1], 0.08, top);
  const headA = shoulder[0] + 0.07;
  if (moto) {
    const helmet = vary(rng, [[20, 20, 20], [220, 220, 220], [180, 30, 30], [30, 60, 150]], 8);
    ctx.raster.ellipse(sp.x(headA), sp.y(1.66), 0.14 * sp.s * sp.squash + 0.5, 0.15 * sp.s, solid(label, id, Z, helmet));
  } else {
    ctx.raster.ellipse(sp.x(headA), sp.y(1.66), 0.1 * sp.s * sp.squash + 0.5, 0.12 * sp.s, solid(label, id, Z, o.skin));
    ctx.raster.ellipse(sp.x(headA), sp.y(1.72), 0.11 * sp.s * sp.squash + 0.5, 0.07 * sp.s, solid(label, id, Z, o.hair));
  }
}
