import { TRAIN_ID } from '../../datasets/cityscapes';
import type { SceneContext } from '../context';
import type { Rgb } from '../raster';
import type { Rng } from '../random';

export type PoleKind = 'sign' | 'light' | 'lamp' | 'plain';

const POLE_GREY: readonly Rgb[] = [[120, 122, 125], [90, 92, 96], [150, 150, 145]];

/**
 * A pole on the sidewalk at street (X, Z) carrying traffic signs, a traffic light, or a street
 * lamp. `towardRoad` (±1) is the direction of the road centre, for arms over the road.
 */
export function paintPole(ctx: SceneContext, rng: Rng, kind: PoleKind, X: number, Z: number, towardRoad: number): void {
  const { cam, raster } = ctx;
  const s = cam.scale(Z);
  const x = cam.x(X, Z);
  const yGround = cam.y(0, Z);
  const grey = rng.pick(POLE_GREY);
  const poleLabel = TRAIN_ID.pole;
  const height = kind === 'lamp' ? rng.range(7, 9) : kind === 'light' ? rng.range(3.2, 5.5) : rng.range(2.8, 3.6);
  const w = Math.max(ctx.minStroke, 0.14 * s);
  const metal = { label: poleLabel, depth: Z, shader: poleShader(grey, x, w) };
  raster.rect(x - w / 2, cam.y(height, Z), x + w / 2, yGround, metal);
  // Arms are horizontal: one flat shade, not the pole's left-to-right shading.
  const arm = { label: poleLabel, depth: Z, color: grey };
  // Signs and lights must stay legible at training resolution: at least ~3 px at 256 px width.
  const minSize = ctx.minStroke * 1.6;

  if (kind === 'lamp') {
    const reach = rng.range(1.2, 2.5) * towardRoad;
    const x1 = cam.x(X + reach, Z);
    const yTop = cam.y(height, Z);
    raster.line(x, yTop, x1, yTop, Math.max(ctx.minStroke * 0.75, 0.1 * s), arm);
    raster.rect(x1 - 0.35 * s, yTop, x1 + 0.35 * s, yTop + Math.max(1, 0.18 * s), { label: poleLabel, depth: Z, color: [200, 200, 190] });
    return;
  }
  if (kind === 'sign') {
    const count = ctx.freq('traffic sign') > 0 ? rng.int(1, 2) : 0;
    let v = height - 0.1;
    for (let i = 0; i < count; i++) {
      const size = Math.max(minSize, rng.range(0.55, 0.8) * s);
      const cy = cam.y(v, Z) + size / 2;
      paintSign(ctx, rng, x, cy, size, Z);
      v -= size / s + 0.1;
    }
    return;
  }
  if (kind === 'light') {
    if (ctx.freq('traffic light') <= 0) return;
    const overRoad = rng.chance(0.4);
    const bw = Math.max(minSize * 0.75, 0.32 * s);
    const bh = Math.max(minSize * 2, 0.95 * s);
    let lx = x;
    let top = cam.y(height, Z) + 0.05 * s;
    if (overRoad) {
      const reach = rng.range(2.5, 5) * towardRoad;
      lx = cam.x(X + reach, Z);
      const yArm = cam.y(height, Z);
      raster.line(x, yArm, lx, yArm, Math.max(ctx.minStroke * 0.75, 0.12 * s), arm);
      top = yArm;
    } else {
      lx = x + (w / 2 + bw / 2) * towardRoad * (rng.chance(0.5) ? 1 : 0);
    }
    paintTrafficLight(ctx, rng, lx, top, bw, bh, Z);
  }
}

function poleShader(grey: Rgb, xCentre: number, width: number) {
  return (x: number, _y: number, out: [number, number, number, number]) => {
    // Round pole: lighter on one side.
    const t = (x + 0.5 - xCentre) / width;
    const k = 1.1 - 0.5 * t;
    out[0] = grey[0] * k;
    out[1] = grey[1] * k;
    out[2] = grey[2] * k;
  };
}

const SIGN_STYLES = ['prohibit', 'mandatory', 'warning', 'info', 'stop'] as const;

function paintSign(ctx: SceneContext, rng: Rng, x: number, cy: number, size: number, Z: number): void {
  const { raster } = ctx;
  const label = TRAIN_ID['traffic sign'];
  const style = rng.pick(SIGN_STYLES);
  const r = size / 2;
  const paint = (color: Rgb) => ({ label, depth: Z - 0.05, color });
  const back = rng.chance(0.2);
  if (back) {
    // The back of a sign: plain grey metal, still a traffic sign.
    raster.ellipse(x, cy, r, r, paint([150, 150, 150]));
    return;
  }
  switch (style) {
    case 'prohibit':
      raster.ellipse(x, cy, r, r, paint([200, 30, 30]));
      raster.ellipse(x, cy, r * 0.72, r * 0.72, paint([240, 240, 240]));
      break;
    case 'mandatory':
      raster.ellipse(x, cy, r, r, paint([30, 80, 190]));
      raster.line(x - r * 0.4, cy, x + r * 0.4, cy, Math.max(1, r * 0.25), paint([240, 240, 240]));
      break;
    case 'warning':
      raster.polygon([x, cy - r * 1.05, x + r * 1.1, cy + r * 0.85, x - r * 1.1, cy + r * 0.85], paint([210, 30, 30]));
      raster.polygon([x, cy - r * 0.55, x + r * 0.62, cy + r * 0.55, x - r * 0.62, cy + r * 0.55], paint([240, 240, 230]));
      break;
    case 'info':
      raster.rect(x - r, cy - r, x + r, cy + r, paint([30, 90, 200]));
      raster.rect(x - r * 0.35, cy - r * 0.6, x + r * 0.35, cy + r * 0.6, paint([240, 240, 240]));
      break;
    case 'stop':
      raster.polygon(octagon(x, cy, r), paint([200, 20, 20]));
      raster.rect(x - r * 0.6, cy - r * 0.15, x + r * 0.6, cy + r * 0.15, paint([240, 240, 240]));
      break;
  }
}

function octagon(x: number, y: number, r: number): number[] {
  const a = r * 0.414;
  return [x - a, y - r, x + a, y - r, x + r, y - a, x + r, y + a, x + a, y + r, x - a, y + r, x - r, y + a, x - r, y - a];
}

function paintTrafficLight(ctx: SceneContext, rng: Rng, x: number, top: number, w: number, h: number, Z: number): void {
  const { raster } = ctx;
  const label = TRAIN_ID['traffic light'];
  const housing: Rgb = rng.chance(0.7) ? [30, 32, 30] : [190, 160, 40];
  raster.rect(x - w / 2, top, x + w / 2, top + h, { label, depth: Z - 0.05, color: housing });
  const lit = rng.int(0, 2);
  const colors: Rgb[] = [[255, 40, 30], [255, 190, 30], [40, 230, 110]];
  const r = w * 0.32;
  for (let i = 0; i < 3; i++) {
    const c = colors[i];
    const on = i === lit;
    const cy = top + (h * (i + 0.5)) / 3;
    const color: Rgb = on ? c : [c[0] * 0.25 + 20, c[1] * 0.25 + 20, c[2] * 0.25 + 20];
    raster.ellipse(x, cy, r, r, { label, depth: Z - 0.05, color });
  }
}
