// Painting flat surfaces of the 3-D street: planes along the street (façades, vehicle sides,
// fences) and planes facing the camera (building ends, vehicle backs). Shaders receive surface
// coordinates in metres, so textures (windows, slats) keep their perspective.
import type { SceneContext } from './context';
import type { ShadedSample } from './raster';

/** Colour at surface point (u along the surface, v height above ground), metres. */
export type SurfaceShader = (u: number, v: number, out: ShadedSample) => void;

export interface SurfacePaint {
  label: number;
  instance?: number;
  opacity?: number;
  surface: SurfaceShader;
}

/**
 * A plane at street X, running from distance z0 outwards; `outline` is a polygon of (u, v)
 * points with u = distance beyond z0 and v = height.
 */
export function paintSidePlane(ctx: SceneContext, X: number, z0: number, outline: readonly number[], paint: SurfacePaint): void {
  const { cam, raster } = ctx;
  let uMax = 0;
  const points: [number, number, number][] = [];
  for (let k = 0; k < outline.length; k += 2) {
    uMax = Math.max(uMax, outline[k]);
    points.push([X, outline[k + 1], z0 + outline[k]]);
  }
  const z1 = z0 + uMax;
  const xa = cam.x(X, z0);
  const xb = cam.x(X, z1);
  const span = xb - xa;
  raster.polygon(cam.polygon(points), {
    label: paint.label,
    instance: paint.instance,
    opacity: paint.opacity,
    depthFromShader: true,
    shader: (x, y, out) => {
      let t = span === 0 ? 0 : (x + 0.5 - xa) / span;
      if (t < 0) t = 0;
      if (t > 1) t = 1;
      const z = 1 / (1 / z0 + (1 / z1 - 1 / z0) * t);
      const v = cam.eyeHeight - ((y + 0.5 - cam.horizon) * z) / cam.focal;
      paint.surface(z - z0, v, out);
      out[3] = z;
    },
  });
}

/** A plane facing the camera at distance Z; `outline` is a polygon of (X, v) points. */
export function paintFacingPlane(ctx: SceneContext, Z: number, outline: readonly number[], paint: SurfacePaint): void {
  const { cam, raster } = ctx;
  const points: [number, number, number][] = [];
  for (let k = 0; k < outline.length; k += 2) points.push([outline[k], outline[k + 1], Z]);
  const shift = cam.centerX + cam.focal * cam.bend * Z;
  raster.polygon(cam.polygon(points), {
    label: paint.label,
    instance: paint.instance,
    opacity: paint.opacity,
    depth: Z,
    shader: (x, y, out) => {
      const X = ((x + 0.5 - shift) * Z) / cam.focal;
      const v = cam.eyeHeight - ((y + 0.5 - cam.horizon) * Z) / cam.focal;
      paint.surface(X, v, out);
    },
  });
}

/** Axis-aligned rectangle outline helper: [a0, v0] to [a1, v1]. */
export function box(a0: number, v0: number, a1: number, v1: number): number[] {
  return [a0, v0, a1, v0, a1, v1, a0, v1];
}
