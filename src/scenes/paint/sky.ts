import { TRAIN_ID } from '../../datasets/cityscapes';
import type { SceneContext } from '../context';
import type { Rgb } from '../raster';
import type { Rng } from '../random';
import { valueNoise } from '../random';

export interface SkyLook {
  zenith: Rgb;
  horizon: Rgb;
  cloud: Rgb;
  cloudiness: number; // 0..1
}

/** Sky over the whole image (everything else paints over it): gradient plus soft clouds. */
export function paintSky(ctx: SceneContext, rng: Rng, look: SkyLook): void {
  const { raster, cam } = ctx;
  const salt = rng.int(0, 1 << 30);
  const cell = cam.width / rng.range(5, 10);
  const threshold = 1 - look.cloudiness;
  const horizon = Math.max(1, cam.horizon);
  // Only down to the horizon: the ground covers the rest.
  raster.rect(0, 0, cam.width, Math.min(cam.height, Math.floor(cam.horizon) + 1.5), {
    label: TRAIN_ID.sky,
    depth: Infinity,
    shader: (x, y, out) => {
      let t = y / horizon;
      if (t > 1) t = 1;
      // Clouds: stretched value noise, two octaves, thresholded softly.
      const n = valueNoise(x, y * 2.5, cell, salt) * 0.65 + valueNoise(x, y * 2.5, cell / 3, salt + 1) * 0.35;
      let c = (n - threshold) * 3;
      if (c < 0) c = 0;
      if (c > 1) c = 1;
      c *= 1 - 0.5 * t;
      for (let k = 0; k < 3; k++) {
        const base = look.zenith[k] + (look.horizon[k] - look.zenith[k]) * t;
        out[k] = base + (look.cloud[k] - base) * c;
      }
    },
  });
}
