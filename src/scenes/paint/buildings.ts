import { TRAIN_ID } from '../../datasets/cityscapes';
import type { SceneContext } from '../context';
import type { Rgb } from '../raster';
import type { Rng } from '../random';
import { hash2 } from '../random';
import { vary, FACADE } from '../color';
import { box, paintFacingPlane, paintSidePlane, type SurfaceShader } from '../planes';

export interface FacadeStyle {
  wall: Rgb;
  glass: Rgb;
  frame: Rgb;
  floorHeight: number;
  groundFloor: number;
  windowPeriod: number;
  windowWidth: number;
  windowHeight: number;
  shops: boolean;
  salt: number;
}

export function randomFacade(rng: Rng): FacadeStyle {
  const wall = vary(rng, FACADE, 10);
  const period = rng.range(2.2, 3.6);
  return {
    wall,
    glass: vary(rng, [[50, 60, 72], [70, 84, 96], [40, 44, 50], [90, 104, 120]], 8),
    frame: [wall[0] * 0.8 + 40, wall[1] * 0.8 + 40, wall[2] * 0.8 + 40],
    floorHeight: rng.range(2.9, 3.6),
    groundFloor: rng.range(3.4, 4.6),
    windowPeriod: period,
    windowWidth: period * rng.range(0.35, 0.6),
    windowHeight: rng.range(1.3, 1.9),
    shops: rng.chance(0.5),
    salt: rng.int(0, 1 << 20),
  };
}

/** Windows in rows per floor, shop fronts or doors at street level, a darker cornice band. */
export function facadeSurface(style: FacadeStyle, height: number, shade: number): SurfaceShader {
  const { wall, glass, frame, floorHeight, groundFloor, windowPeriod, windowWidth, windowHeight, salt } = style;
  const margin = (windowPeriod - windowWidth) / 2;
  return (u, v, out) => {
    let c: Rgb = wall;
    let k = shade;
    const col = Math.floor(u / windowPeriod);
    const fu = u - col * windowPeriod;
    if (v > height - 0.5) {
      k *= 0.78;
    } else if (v < groundFloor) {
      if (style.shops) {
        if (v > 0.4 && v < groundFloor - 0.7 && fu > 0.15 && fu < windowPeriod - 0.15) c = glass;
        else if (v > groundFloor - 0.7) k *= 0.7;
      } else if (hash2(col, 7, salt) < 0.2 && fu > margin && fu < windowPeriod - margin && v < 2.3) {
        c = [70, 50, 40];
      } else if (v < 0.6) {
        k *= 0.8;
      }
    } else {
      const row = Math.floor((v - groundFloor) / floorHeight);
      const fv = v - groundFloor - row * floorHeight;
      if (fu > margin && fu < windowPeriod - margin && fv > 0.9 && fv < 0.9 + windowHeight) {
        const edge = fu < margin + 0.1 || fu > windowPeriod - margin - 0.1 || fv < 1.0;
        c = edge ? frame : glass;
        if (!edge) k *= 0.85 + 0.35 * hash2(col, row, salt);
      } else if (fv < 0.2) {
        k *= 0.9;
      }
    }
    const grain = (hash2(Math.floor(u * 20), Math.floor(v * 20), salt) - 0.5) * 8;
    out[0] = c[0] * k + grain;
    out[1] = c[1] * k + grain;
    out[2] = c[2] * k + grain;
  };
}

/**
 * A building whose façade runs along the street at X from z0 to z1 (side −1 = left of the
 * road, +1 = right), with its end wall facing the camera at z0 (seen where nothing is nearer).
 */
export function paintBuilding(
  ctx: SceneContext,
  rng: Rng,
  side: -1 | 1,
  X: number,
  z0: number,
  z1: number,
  height: number,
  depth: number,
): void {
  const style = randomFacade(rng);
  const label = TRAIN_ID.building;
  const end = facadeSurface(style, height, 0.72);
  const inner = X;
  const outer = X + side * depth;
  paintFacingPlane(ctx, z0, box(Math.min(inner, outer), 0, Math.max(inner, outer), height), {
    label,
    surface: (u, v, out) => end(side * u, v, out),
  });
  paintSidePlane(ctx, X, z0, box(0, 0, z1 - z0, height), { label, surface: facadeSurface(style, height, 1) });
}

/** A row of buildings facing the camera across the far end of the street. */
export function paintSkyline(ctx: SceneContext, rng: Rng, Z: number): void {
  for (let X = -Z * 2; X < Z * 2; ) {
    const w = rng.range(8, 25);
    const h = rng.range(8, 28);
    const style = randomFacade(rng);
    const surface = facadeSurface(style, h, 0.9);
    paintFacingPlane(ctx, Z + rng.range(0, 6), box(X, 0, X + w, h), { label: TRAIN_ID.building, surface });
    X += w;
  }
}

/** A wall along the street: concrete or brick, with coping. */
export function paintWall(ctx: SceneContext, rng: Rng, X: number, z0: number, z1: number, height: number): void {
  const base = vary(rng, [[170, 165, 155], [150, 120, 100], [190, 185, 175], [130, 130, 135]], 8);
  const brick = rng.chance(0.4);
  const salt = rng.int(0, 1 << 20);
  paintSidePlane(ctx, X, z0, box(0, 0, z1 - z0, height), {
    label: TRAIN_ID.wall,
    surface: (u, v, out) => {
      let k = v > height - 0.15 ? 1.15 : 1;
      if (brick) {
        const row = Math.floor(v / 0.25);
        const shift = row % 2 === 0 ? 0 : 0.3;
        const fu = (u + shift) / 0.6 - Math.floor((u + shift) / 0.6);
        if (v - row * 0.25 < 0.03 || fu < 0.05) k *= 0.8;
      } else if ((u / 3 - Math.floor(u / 3)) < 0.015) {
        k *= 0.8;
      }
      const g = (hash2(Math.floor(u * 30), Math.floor(v * 30), salt) - 0.5) * 14;
      out[0] = base[0] * k + g;
      out[1] = base[1] * k + g;
      out[2] = base[2] * k + g;
    },
  });
}

/** A fence along the street: posts and rails or mesh, partly see-through in RGB only. */
export function paintFence(ctx: SceneContext, rng: Rng, X: number, z0: number, z1: number, height: number): void {
  const metal = vary(rng, [[60, 70, 60], [40, 40, 44], [120, 110, 90], [150, 150, 150]], 10);
  const wooden = rng.chance(0.35);
  const slat = wooden ? 0.18 : 0.12;
  paintSidePlane(ctx, X, z0, box(0, 0, z1 - z0, height), {
    label: TRAIN_ID.fence,
    opacity: 0.9,
    surface: (u, v, out) => {
      const post = u / 2.4 - Math.floor(u / 2.4) < 0.04;
      const rail = v > height - 0.1 || (v > 0.2 && v < 0.3);
      const bar = u / slat - Math.floor(u / slat) < (wooden ? 0.8 : 0.35);
      const solid = post || rail || bar;
      const k = solid ? (post ? 0.8 : 1) : 1.6;
      out[0] = metal[0] * k;
      out[1] = metal[1] * k;
      out[2] = metal[2] * k;
    },
  });
}
