import type { SceneContext } from '../context';
import type { Rng } from '../random';
import { paintBuilding, paintFence, paintWall } from './buildings';
import { paintHedge, paintTree } from './vegetation';

type SegmentKind = 'building' | 'gap' | 'wall' | 'fence' | 'hedge';

interface Drawable {
  /** Painter's order: larger first. */
  z: number;
  draw: () => void;
}

/**
 * What lines the street beyond the sidewalks on both sides: buildings, walls, fences, hedges
 * and gaps with grass and trees, broken by the cross street. Painted far to near.
 */
export function paintFrontage(ctx: SceneContext, rng: Rng): void {
  const { street } = ctx;
  const items: Drawable[] = [];
  for (const side of [-1, 1] as const) {
    const line = side < 0 ? street.lineLeft : street.lineRight;
    const sideRng = rng.fork(side + 2);
    const park = sideRng.chance(0.15);
    const weights: Record<SegmentKind, number> = {
      building: (park ? 0.1 : 0.62) * ctx.freq('building'),
      gap: park ? 0.3 : 0.1,
      wall: 0.1 * ctx.freq('wall'),
      fence: (park ? 0.3 : 0.1) * ctx.freq('fence'),
      hedge: (park ? 0.2 : 0.08) * ctx.freq('vegetation'),
    };
    const pieces: [number, number, boolean][] = street.cross
      ? [[1, street.cross.z0, false], [street.cross.z1, street.zEnd, true]]
      : [[1, street.zEnd, false]];
    for (const [za, zb, afterCross] of pieces) {
      let first = afterCross;
      for (let z = za; z < zb; ) {
        const kind = pickWeighted(sideRng, weights);
        const len = Math.min(zb - z, kind === 'building' ? sideRng.range(8, 30) : sideRng.range(6, 25));
        const segRng = sideRng.fork(Math.floor(z));
        items.push(...segment(ctx, segRng, kind, side, line, z, z + len, first));
        first = false;
        z += len;
      }
    }
  }
  items.sort((a, b) => b.z - a.z);
  for (const item of items) item.draw();
}

function segment(
  ctx: SceneContext,
  rng: Rng,
  kind: SegmentKind,
  side: -1 | 1,
  line: number,
  z0: number,
  z1: number,
  cornerAfterCross: boolean,
): Drawable[] {
  const out: Drawable[] = [];
  const behind = (setback: number): Drawable[] => {
    // What shows over a low wall, fence or hedge: a set-back building, trees, or open sky.
    const r = rng.next();
    if (r < 0.45 * ctx.freq('building')) {
      const h = rng.range(7, 25);
      const X = line + side * setback;
      return [{ z: z0 + 0.01, draw: () => paintBuilding(ctx, rng, side, X, z0, z1, h, 15) }];
    }
    const trees: Drawable[] = [];
    if (r < 0.85 && ctx.freq('vegetation') > 0) {
      for (let z = z0 + rng.range(1, 4); z < z1; z += rng.range(3, 7)) {
        const X = line + side * rng.range(1.5, setback + 2);
        const h = rng.range(5, 12);
        const zz = z;
        trees.push({ z: zz, draw: () => paintTree(ctx, rng, X, zz, h) });
      }
    }
    return trees;
  };
  switch (kind) {
    case 'building': {
      const X = line + side * rng.range(0, 1.2);
      const h = rng.range(6, 30);
      const depth = cornerAfterCross ? 60 : rng.range(10, 20);
      out.push({ z: z0, draw: () => paintBuilding(ctx, rng, side, X, z0, z1, h, depth) });
      break;
    }
    case 'gap':
      out.push(...behind(rng.range(4, 10)));
      break;
    case 'wall': {
      const h = rng.range(1, 2.6);
      out.push(...behind(rng.range(3, 8)));
      out.push({ z: z0, draw: () => paintWall(ctx, rng, line, z0, z1, h) });
      break;
    }
    case 'fence': {
      const h = rng.range(1, 2.2);
      out.push(...behind(rng.range(3, 8)));
      out.push({ z: z0, draw: () => paintFence(ctx, rng, line, z0, z1, h) });
      break;
    }
    case 'hedge': {
      const h = rng.range(0.9, 1.8);
      out.push(...behind(rng.range(3, 8)));
      out.push({ z: z0, draw: () => paintHedge(ctx, rng, line, z0, z1, h) });
      break;
    }
  }
  return out;
}

function pickWeighted<K extends string>(rng: Rng, weights: Record<K, number>): K {
  const keys = Object.keys(weights) as K[];
  let total = 0;
  for (const k of keys) total += weights[k];
  let r = rng.next() * total;
  for (const k of keys) {
    r -= weights[k];
    if (r < 0) return k;
  }
  return keys[0];
}
