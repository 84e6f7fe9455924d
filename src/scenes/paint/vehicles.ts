import { TRAIN_ID } from '../../datasets/cityscapes';
import type { SceneContext } from '../context';
import type { ShadedSample, Rgb } from '../raster';
import type { Rng } from '../random';
import { CAR_PAINT, vary } from '../color';
import { box, paintFacingPlane, paintSidePlane, type SurfaceShader } from '../planes';
import { groundStrip } from './ground';

export type VehicleKind = 'car' | 'van' | 'truck' | 'bus' | 'tram';

export interface Vehicle {
  kind: VehicleKind;
  /** Street X of the centre line and distance of the nearest face. */
  X: number;
  Z: number;
  /** Driving away from the camera (we see its back) or towards it (we see its front). */
  away: boolean;
}

interface Body {
  width: number;
  length: number;
  height: number;
  wheel: number;
  paint: Rgb;
  classId: number;
}

const GLASS: Rgb = [38, 46, 56];
const TYRE: Rgb = [22, 22, 24];

export function vehicleSize(kind: VehicleKind): { width: number; length: number } {
  switch (kind) {
    case 'car': return { width: 1.8, length: 4.5 };
    case 'van': return { width: 2, length: 5.2 };
    case 'truck': return { width: 2.45, length: 9 };
    case 'bus': return { width: 2.55, length: 12 };
    case 'tram': return { width: 2.4, length: 28 };
  }
}

function makeBody(rng: Rng, kind: VehicleKind): Body {
  const { width, length } = vehicleSize(kind);
  switch (kind) {
    case 'car':
      return { width: width * rng.range(0.95, 1.05), length: length * rng.range(0.9, 1.08), height: rng.range(1.4, 1.65), wheel: 0.32, paint: vary(rng, CAR_PAINT, 8), classId: TRAIN_ID.car };
    case 'van':
      return { width, length, height: rng.range(1.9, 2.2), wheel: 0.34, paint: vary(rng, CAR_PAINT, 8), classId: TRAIN_ID.car };
    case 'truck':
      return { width, length: length * rng.range(0.8, 1.15), height: rng.range(3, 3.8), wheel: 0.5, paint: vary(rng, [[220, 220, 215], [200, 60, 40], [60, 90, 140], [230, 200, 60], [90, 100, 90]], 10), classId: TRAIN_ID.truck };
    case 'bus':
      return { width, length, height: rng.range(3, 3.3), wheel: 0.5, paint: vary(rng, [[230, 200, 40], [200, 40, 40], [240, 240, 235], [40, 110, 170], [60, 150, 80]], 10), classId: TRAIN_ID.bus };
    case 'tram':
      return { width, length, height: 3.4, wheel: 0.38, paint: vary(rng, [[230, 230, 220], [200, 40, 40], [240, 200, 40], [60, 120, 70]], 8), classId: TRAIN_ID.train };
  }
}

/** Side outline in (u, v): u from the back (0) to the front (length). */
function sideOutline(kind: VehicleKind, b: Body): number[] {
  const L = b.length;
  const h = b.height;
  switch (kind) {
    case 'car':
      return [0, 0.3, 0, 0.95, 0.1 * L, 1.02, 0.25 * L, h, 0.62 * L, h, 0.8 * L, 1.02, L, 0.88, L, 0.3];
    case 'van':
      return [0, 0.3, 0, h, 0.8 * L, h, 0.93 * L, 1.15, L, 0.95, L, 0.3];
    case 'truck':
      return [0, 0.45, 0, h, 0.76 * L, h, 0.76 * L, 0.8 * h, 0.97 * L, 0.8 * h, L, 0.5 * h, L, 0.45];
    case 'bus':
    case 'tram':
      return [0, 0.3, 0, h - 0.1, 0.02 * L, h, 0.98 * L, h, L, h - 0.1, L, 0.3];
  }
}

function sideSurface(kind: VehicleKind, b: Body): SurfaceShader {
  const L = b.length;
  const h = b.height;
  return (u, v, out) => {
    let c = b.paint;
    let k = 1;
    if (kind === 'car') {
      if (v > 1.06 && v < h - 0.07 && u > 0.15 * L && u < 0.78 * L) c = GLASS;
      else if (v < 0.5) k = 0.75;
      else if (v > 0.9 && v < 0.95) k = 0.85;
    } else if (kind === 'van') {
      if (v > 1.2 && v < h - 0.15 && u > 0.55 * L && u < 0.9 * L) c = GLASS;
      else if (v < 0.5) k = 0.75;
    } else if (kind === 'truck') {
      if (u > 0.78 * L && v > 0.5 * h && v < 0.75 * h) c = GLASS;
      else if (u < 0.76 * L && u / 1.2 - Math.floor(u / 1.2) < 0.04) k = 0.85;
      else if (v < 0.7) c = [50, 50, 52];
    } else {
      const pillar = u / 1.6 - Math.floor(u / 1.6) < 0.1;
      if (v > 1.15 && v < h - 0.4 && !pillar) c = GLASS;
      else if (v < 0.5) k = 0.7;
      else if (kind === 'tram' && v > 0.55 && v < 0.75) k = 0.6;
    }
    out[0] = c[0] * k;
    out[1] = c[1] * k;
    out[2] = c[2] * k;
  };
}

function endSurface(kind: VehicleKind, b: Body, X: number, away: boolean): SurfaceShader {
  const half = b.width / 2;
  const h = b.height;
  return (x, v, out: ShadedSample) => {
    const dx = Math.abs(x - X);
    let c = b.paint;
    let k = 0.92;
    const glassFrom = kind === 'car' ? 1.05 : kind === 'van' ? 1.15 : kind === 'truck' ? (away ? 99 : 0.5 * h) : away ? 1.4 : 1.0;
    if (v > glassFrom && v < h - 0.12 && dx < half - 0.12) c = GLASS;
    else if (v > 0.6 && v < 0.85 && dx > half - 0.4 && dx < half - 0.06) c = away ? [200, 20, 20] : [240, 240, 225];
    else if (v > 0.42 && v < 0.56 && dx < 0.26) c = [230, 230, 220];
    else if (v < 0.45) k = 0.6;
    else if (kind === 'truck' && away && dx < 0.03) k = 0.7;
    out[0] = c[0] * k;
    out[1] = c[1] * k;
    out[2] = c[2] * k;
  };
}

/** Paints a vehicle as a box: ground shadow, the side we can see with its wheels, then its end. */
export function paintVehicle(ctx: SceneContext, rng: Rng, v: Vehicle): void {
  const { cam, raster } = ctx;
  const b = makeBody(rng, v.kind);
  const id = ctx.addObject(b.classId, v.Z);
  const half = b.width / 2;
  raster.polygon(groundStrip(ctx, v.X - half - 0.15, v.X + half + 0.15, v.Z - 0.3, v.Z + b.length * 0.9), {
    label: null,
    multiply: true,
    color: [0.45, 0.45, 0.48],
  });

  const zMid = v.Z + b.length / 2;
  const worldLeft = v.X - half + cam.bend * zMid * zMid;
  const worldRight = v.X + half + cam.bend * zMid * zMid;
  const sideX = worldLeft > 0 ? v.X - half : worldRight < 0 ? v.X + half : null;
  if (sideX !== null) {
    // Outline runs back→front; a car driving towards us has its front nearest.
    let outline = sideOutline(v.kind, b);
    if (!v.away) outline = mirrorU(outline, b.length);
    const surface = sideSurface(v.kind, b);
    paintSidePlane(ctx, sideX, v.Z, outline, {
      label: b.classId,
      instance: id,
      surface: v.away ? surface : (u, vv, out) => surface(b.length - u, vv, out),
    });
    const axles = v.kind === 'tram' ? [0.12, 0.3, 0.7, 0.88] : v.kind === 'bus' ? [0.2, 0.75] : [0.18, 0.8];
    for (const a of axles) {
      const u = (v.away ? a : 1 - a) * b.length;
      const z = v.Z + u;
      const cx = cam.x(sideX, z);
      const rx = Math.abs(cam.x(sideX, z + b.wheel) - cam.x(sideX, z - b.wheel)) / 2;
      const ry = b.wheel * cam.scale(z);
      const cy = cam.y(b.wheel, z);
      raster.ellipse(cx, cy, rx, ry, { label: b.classId, instance: id, depth: z, color: TYRE });
      raster.ellipse(cx, cy, rx * 0.5, ry * 0.5, { label: b.classId, instance: id, depth: z, color: [120, 120, 125] });
    }
  }

  const endOutline = endShape(v.kind, b, v.X);
  paintFacingPlane(ctx, v.Z, endOutline, { label: b.classId, instance: id, surface: endSurface(v.kind, b, v.X, v.away) });
  for (const s of [-1, 1]) {
    const x0 = v.X + s * (half - 0.05);
    const x1 = v.X + s * (half - 0.05 - 0.28);
    paintFacingPlane(ctx, v.Z + 0.3, box(Math.min(x0, x1), 0, Math.max(x0, x1), 0.45), {
      label: b.classId,
      instance: id,
      surface: (_u, _v, out) => {
        out[0] = TYRE[0];
        out[1] = TYRE[1];
        out[2] = TYRE[2];
      },
    });
  }
  if (v.kind === 'tram') {
    // Pantograph: a thin frame above the roof, part of the train.
    const y0 = cam.y(b.height, v.Z + 4);
    const y1 = cam.y(b.height + 1.2, v.Z + 4);
    const x = cam.x(v.X, v.Z + 4);
    const w = 0.6 * cam.scale(v.Z + 4);
    raster.line(x - w, y0, x, y1, Math.max(1, ctx.minStroke / 2), { label: b.classId, instance: id, depth: v.Z + 4, color: [50, 50, 50] });
    raster.line(x + w, y0, x, y1, Math.max(1, ctx.minStroke / 2), { label: b.classId, instance: id, depth: v.Z + 4, color: [50, 50, 50] });
  }
}

function mirrorU(outline: number[], length: number): number[] {
  const out: number[] = [];
  for (let k = outline.length - 2; k >= 0; k -= 2) out.push(length - outline[k], outline[k + 1]);
  return out;
}

/** The end we see: a rounded box for big vehicles, body plus narrower cabin for cars. */
function endShape(kind: VehicleKind, b: Body, X: number): number[] {
  const half = b.width / 2;
  const h = b.height;
  if (kind === 'car') {
    const top = half * 0.72;
    return [X - half, 0.3, X + half, 0.3, X + half, 0.95, X + half - 0.1, 1.05, X + top, h, X - top, h, X - half + 0.1, 1.05, X - half, 0.95];
  }
  const base = kind === 'truck' ? 0.45 : 0.3;
  return [X - half, base, X + half, base, X + half, h - 0.12, X + half - 0.1, h, X - half + 0.1, h, X - half, h - 0.12];
}
