import { TRAIN_ID } from '../../datasets/cityscapes';
import type { SceneContext } from '../context';
import type { Rgb, Shader } from '../raster';
import type { Rng } from '../random';
import { hash2, valueNoise } from '../random';

/** A ground strip between street X = xa..xb and distance za..zb, as a polygon (follows the bend). */
export function groundStrip(ctx: SceneContext, xa: number, xb: number, za: number, zb: number): number[] {
  const { cam } = ctx;
  const steps = 10;
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i <= steps; i++) {
    // Even steps in 1/z are even steps on screen.
    const t = i / steps;
    const z = i === steps ? zb : 1 / (1 / za + (1 / zb - 1 / za) * t);
    left.push(cam.x(xa, z), cam.y(0, z));
    right.push(cam.x(xb, z), cam.y(0, z));
  }
  const flat = [...left];
  for (let i = right.length - 2; i >= 0; i -= 2) flat.push(right[i], right[i + 1]);
  return flat;
}

/** Textured flat colour: fine grain plus large blotches, so materials differ in texture too. */
export function grainShader(base: Rgb, grain: number, blotch: number, salt: number, cell = 12): Shader {
  return (x, y, out) => {
    const g = (hash2(x, y, salt) - 0.5) * grain + (valueNoise(x, y, cell, salt + 7) - 0.5) * blotch;
    out[0] = base[0] + g;
    out[1] = base[1] + g;
    out[2] = base[2] + g;
  };
}

export interface GroundLook {
  asphalt: Rgb;
  pavement: Rgb;
  curb: Rgb;
  grass: Rgb;
}

/** Terrain everywhere below the horizon, then sidewalks, verges, the road and a cross street. */
export function paintGround(ctx: SceneContext, rng: Rng, look: GroundLook): void {
  const { raster, cam, street } = ctx;
  const salt = rng.int(0, 1 << 30);
  const far = street.zEnd;
  const near = street.zNear;
  const pieces: [number, number][] = street.cross
    ? [[near, street.cross.z0], [street.cross.z1, far]]
    : [[near, far]];

  const pavement = { label: TRAIN_ID.sidewalk, shader: paverShader(ctx, look.pavement, salt + 2) };
  const curb = { label: TRAIN_ID.sidewalk, shader: grainShader(look.curb, 10, 6, salt + 3) };
  // classFrequency { terrain: 0 } paves the grass over.
  const grass = ctx.freq('terrain') > 0;
  const verge = grass ? { label: TRAIN_ID.terrain, shader: grainShader(look.grass, 30, 30, salt + 4, 5) } : pavement;
  raster.rect(
    0,
    Math.floor(cam.horizon) + 1,
    cam.width,
    cam.height,
    grass ? { label: TRAIN_ID.terrain, shader: grainShader(look.grass, 28, 40, salt + 1, 6) } : pavement,
  );

  for (const [za, zb] of pieces) {
    raster.polygon(groundStrip(ctx, street.lineLeft, street.roadLeft, za, zb), pavement);
    raster.polygon(groundStrip(ctx, street.roadRight, street.lineRight, za, zb), pavement);
    if (street.vergeLeft > 0) {
      raster.polygon(groundStrip(ctx, street.roadLeft - 0.3 - street.vergeLeft, street.roadLeft - 0.3, za, zb), verge);
    }
    if (street.vergeRight > 0) {
      raster.polygon(groundStrip(ctx, street.roadRight + 0.3, street.roadRight + 0.3 + street.vergeRight, za, zb), verge);
    }
    raster.polygon(groundStrip(ctx, street.roadLeft - 0.3, street.roadLeft, za, zb), curb);
    raster.polygon(groundStrip(ctx, street.roadRight, street.roadRight + 0.3, za, zb), curb);
  }

  const road = { label: TRAIN_ID.road, shader: grainShader(look.asphalt, 16, 14, salt + 5, 8) };
  raster.polygon(groundStrip(ctx, street.roadLeft, street.roadRight, near, far), road);
  if (street.cross) {
    const { z0, z1 } = street.cross;
    const walk = 2.5;
    raster.polygon(groundStrip(ctx, -400, 400, z0, z1), pavement);
    raster.polygon(groundStrip(ctx, -400, 400, z0 + walk, z1 - walk), road);
    raster.polygon(groundStrip(ctx, street.roadLeft, street.roadRight, z0, z1), road);
  }
  paintMarkings(ctx, rng);
}

/** Paving: a slab grid in street coordinates, recovered per pixel from the ground plane. */
function paverShader(ctx: SceneContext, base: Rgb, salt: number): Shader {
  const { cam } = ctx;
  return (x, y, out) => {
    const z = cam.groundDepth(y);
    const X = ((x + 0.5 - cam.centerX - cam.focal * cam.bend * z) * z) / cam.focal;
    const u = X / 0.8;
    const v = z / 0.8;
    const fu = u - Math.floor(u);
    const fv = v - Math.floor(v);
    // Joints fade out with distance where they would alias.
    const joint = (fu < 0.06 || fv < 0.06) && z < 25 ? -18 : 0;
    const g = (hash2(Math.floor(u), Math.floor(v), salt) - 0.5) * 14 + (hash2(x, y, salt + 1) - 0.5) * 10;
    out[0] = base[0] + g + joint;
    out[1] = base[1] + g + joint;
    out[2] = base[2] + g + joint;
  };
}

/** Lane lines, edge lines, a zebra crossing before the intersection, tram rails. */
function paintMarkings(ctx: SceneContext, rng: Rng): void {
  const { raster, street } = ctx;
  const white: Rgb = [225, 225, 220];
  const paint = { label: null, color: white };
  const dash = 3;
  const period = rng.range(8, 12);
  const stretches: [number, number][] = street.cross
    ? [[street.zNear, street.cross.z0 - 4], [street.cross.z1 + 1, street.zEnd]]
    : [[street.zNear, street.zEnd]];
  const centre = (Math.max(...street.lanesToward) + Math.min(...street.lanesAway)) / 2;
  const solidCentre = rng.chance(0.3);
  const w = street.laneWidth;
  for (const [za, zb] of stretches) {
    if (zb <= za) continue;
    if (solidCentre) raster.polygon(groundStrip(ctx, centre - 0.12, centre + 0.12, za, zb), paint);
    const dividers: number[] = [];
    if (!solidCentre) dividers.push(centre);
    for (let i = 1; i < street.lanesAway.length; i++) dividers.push(street.lanesAway[i] - w / 2);
    for (let i = 1; i < street.lanesToward.length; i++) dividers.push(street.lanesToward[i] + w / 2);
    for (const d of dividers) {
      for (let z = za + rng.range(0, period); z + dash < zb; z += period) {
        raster.polygon(groundStrip(ctx, d - 0.08, d + 0.08, z, z + dash), paint);
      }
    }
  }
  if (street.cross) {
    const z0 = street.cross.z0 - 3.5;
    for (let X = street.roadLeft + 0.4; X + 0.5 < street.roadRight; X += 1.1) {
      raster.polygon(groundStrip(ctx, X, X + 0.55, z0, z0 + 3), paint);
    }
    const stop = street.cross.z0 - 4.3;
    raster.polygon(groundStrip(ctx, Math.min(...street.lanesAway) - w / 2, street.roadRight, stop, stop + 0.4), paint);
  }
  if (street.railsX !== null) {
    const steel = { label: null, color: [150, 150, 155] as Rgb };
    for (const off of [-0.72, 0.72]) {
      const X = street.railsX + off;
      raster.polygon(groundStrip(ctx, X - 0.05, X + 0.05, street.zNear, street.zEnd), steel);
    }
  }
}
