import { TRAIN_ID } from '../../datasets/cityscapes';
import type { SceneContext } from '../context';
import type { Rgb, Shader } from '../raster';
import type { Rng } from '../random';
import { hash2, valueNoise } from '../random';
import { vary, FOLIAGE } from '../color';
import { paintSidePlane, type SurfaceShader } from '../planes';

/** Leafy texture: clumps of light and shade plus fine speckle. */
export function foliageShader(base: Rgb, salt: number, cellPx: number, topY = 0, bottomY = 1): Shader {
  const spanY = bottomY - topY || 1;
  return (x, y, out) => {
    const clump = valueNoise(x, y, cellPx, salt) - 0.5;
    const speck = hash2(x, y, salt + 3) - 0.5;
    // Lit from above: brighter near the top of the crown.
    let t = (y - topY) / spanY;
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    const k = 1.15 - 0.35 * t + clump * 0.5 + speck * 0.25;
    out[0] = base[0] * k;
    out[1] = base[1] * k;
    out[2] = base[2] * k;
  };
}

/** A tree standing at street (X, Z): trunk and a crown made of overlapping blobs. */
export function paintTree(ctx: SceneContext, rng: Rng, X: number, Z: number, height: number): void {
  const { cam, raster } = ctx;
  const s = cam.scale(Z);
  const trunkH = height * rng.range(0.3, 0.45);
  const trunkW = Math.max(ctx.minStroke, 0.3 * s);
  const x = cam.x(X, Z);
  const yGround = cam.y(0, Z);
  const bark: Rgb = vary(rng, [[90, 70, 50], [70, 60, 50], [110, 95, 80]], 8);
  raster.rect(x - trunkW / 2, cam.y(trunkH + 0.5, Z), x + trunkW / 2, yGround, {
    label: TRAIN_ID.vegetation,
    depth: Z,
    shader: (px, py, out) => {
      const g = (hash2(px, py, 11) - 0.5) * 20;
      out[0] = bark[0] + g;
      out[1] = bark[1] + g;
      out[2] = bark[2] + g;
    },
  });
  const crownR = (height - trunkH) * rng.range(0.4, 0.55);
  const crownY = trunkH + crownR;
  const leaves = vary(rng, FOLIAGE, 10);
  const top = cam.y(crownY + crownR, Z);
  const bottom = cam.y(crownY - crownR, Z);
  const paint = {
    label: TRAIN_ID.vegetation,
    depth: Z,
    shader: foliageShader(leaves, rng.int(0, 1 << 20), Math.max(1.5, 0.5 * s), top, bottom),
  };
  const blobs = rng.int(3, 6);
  for (let i = 0; i < blobs; i++) {
    const bx = X + rng.range(-0.6, 0.6) * crownR;
    const by = crownY + rng.range(-0.4, 0.5) * crownR;
    const r = crownR * rng.range(0.5, 0.75);
    raster.ellipse(cam.x(bx, Z), cam.y(by, Z), r * s, r * s * rng.range(0.85, 1.05), paint);
  }
  raster.ellipse(x, cam.y(crownY, Z), crownR * s * 0.8, crownR * s * 0.75, paint);
}

/** A hedge along the street at X from z0 to z1: a box with a lumpy top. */
export function paintHedge(ctx: SceneContext, rng: Rng, X: number, z0: number, z1: number, height: number): void {
  const outline: number[] = [0, 0];
  const len = z1 - z0;
  const bumps = Math.max(2, Math.floor(len / 0.8));
  for (let i = 0; i <= bumps; i++) outline.push((len * i) / bumps, height + rng.range(-0.15, 0.15));
  outline.push(len, 0);
  const leaves = vary(rng, FOLIAGE, 8);
  const salt = rng.int(0, 1 << 20);
  const surface: SurfaceShader = (u, v, out) => {
    const n = valueNoise(u * 8, v * 8, 2, salt) - 0.5;
    const k = 0.8 + 0.25 * (v / height) + n * 0.5;
    out[0] = leaves[0] * k;
    out[1] = leaves[1] * k;
    out[2] = leaves[2] * k;
  };
  paintSidePlane(ctx, X, z0, outline, { label: TRAIN_ID.vegetation, surface });
}
