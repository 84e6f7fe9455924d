// Where the things stand: traffic in the lanes, parked cars, pedestrians, riders, parked
// bicycles and motorcycles, poles with signs and lights, street trees. Painted far to near.
import type { SceneContext } from './context';
import { scaledCount } from './context';
import type { Rng } from './random';
import type { CooccurrenceRule, SceneBias } from './types';
import { MARKED_RIDER_SHARE, paintMarkedRider } from './bias';
import { paintVehicle, vehicleSize, type VehicleKind } from './paint/vehicles';
import { paintPerson, paintTwoWheeler } from './paint/people';
import { paintPole, type PoleKind } from './paint/furniture';
import { paintTree } from './paint/vegetation';

interface Prop {
  /** Street position, for depth order and co-occurrence rules. */
  x: number;
  z: number;
  /** Class names this prop paints (e.g. rider and bicycle). */
  classes: string[];
  draw: () => void;
  /** The same object painted as a planted bias's marked object, cue on side ±1 (lone pedestrians). */
  drawMarked?: (side: number) => void;
}

export interface PropPlan {
  parkLeft: number | null;
  parkRight: number | null;
  tram: boolean;
  bias?: SceneBias;
}

export function paintProps(ctx: SceneContext, rng: Rng, plan: PropPlan, rules: readonly CooccurrenceRule[] = []): void {
  const all: Prop[] = [];
  const add: Add = (x, z, classes, draw, drawMarked) => all.push({ x, z, classes, draw, drawMarked });
  traffic(ctx, rng.fork(1), plan, add);
  parked(ctx, rng.fork(2), plan, add);
  pedestrians(ctx, rng.fork(3), add, plan.bias);
  twoWheelers(ctx, rng.fork(4), add);
  furniture(ctx, rng.fork(5), add);
  const props = applyRules(all, rules);
  // Drawn last from the parent generator, so scenes without a bias keep every byte.
  if (plan.bias) markObjects(props, rng.fork(6));
  // Stable sort: equal depths keep their insertion order.
  props.sort((a, b) => b.z - a.z);
  for (const p of props) p.draw();
}

type Add = (x: number, z: number, classes: string[], draw: () => void, drawMarked?: (side: number) => void) => void;

function markObjects(props: Prop[], rng: Rng): void {
  for (const p of props) {
    if (!p.drawMarked || !rng.chance(MARKED_RIDER_SHARE)) continue;
    const side = rng.chance(0.5) ? -1 : 1;
    const marked = p.drawMarked;
    p.draw = () => marked(side);
    p.classes = ['rider'];
  }
}

function applyRules(props: Prop[], rules: readonly CooccurrenceRule[]): Prop[] {
  let kept = props;
  for (const rule of rules) {
    const d = rule.distance ?? 6;
    const contexts = props.filter((p) => p.classes.includes(rule.context));
    kept = kept.filter((p) => {
      if (!p.classes.includes(rule.subject)) return true;
      const near = contexts.some((c) => c !== p && (c.x - p.x) * (c.x - p.x) + (c.z - p.z) * (c.z - p.z) <= d * d);
      return rule.relation === 'near' ? near : !near;
    });
  }
  return kept;
}

function pickVehicle(ctx: SceneContext, rng: Rng): VehicleKind | null {
  const w: [VehicleKind, number][] = [
    ['car', 0.78 * ctx.freq('car')],
    ['van', 0.08 * ctx.freq('car')],
    ['truck', 0.08 * ctx.freq('truck')],
    ['bus', 0.06 * ctx.freq('bus')],
  ];
  let total = 0;
  for (const [, x] of w) total += x;
  if (total <= 0) return null;
  let r = rng.next() * total;
  for (const [k, x] of w) {
    r -= x;
    if (r < 0) return k;
  }
  return 'car';
}

function vehicleClass(kind: VehicleKind): string {
  return kind === 'van' ? 'car' : kind === 'tram' ? 'train' : kind;
}

function poleClasses(kind: PoleKind): string[] {
  return kind === 'sign' ? ['pole', 'traffic sign'] : kind === 'light' ? ['pole', 'traffic light'] : ['pole'];
}

function traffic(ctx: SceneContext, rng: Rng, plan: PropPlan, add: Add): void {
  const { street } = ctx;
  const density = rng.range(0.25, 0.8);
  const lanes: [number, boolean][] = [
    ...street.lanesAway.map((X): [number, boolean] => [X, true]),
    ...street.lanesToward.map((X): [number, boolean] => [X, false]),
  ];
  let tramLane = plan.tram && street.railsX !== null ? street.railsX : null;
  for (const [X, away] of lanes) {
    // The lane we drive in keeps a safe gap ahead.
    const own = away && Math.abs(X) < street.laneWidth / 2;
    let z = own ? rng.range(9, 25) : rng.range(3, 15);
    if (tramLane !== null && tramLane === X) {
      const zt = rng.range(12, 45);
      const r = rng.fork(99);
      const Xt = X + rng.range(-0.2, 0.2);
      add(Xt, zt, ['train'], () => paintVehicle(ctx, r, { kind: 'tram', X: Xt, Z: zt, away }));
      tramLane = null;
      if (z > zt - 5) z = zt + vehicleSize('tram').length + rng.range(3, 20);
    }
    while (z < Math.min(street.zEnd - 10, 140)) {
      const kind = pickVehicle(ctx, rng);
      const { length } = vehicleSize(kind ?? 'car');
      if (kind && rng.chance(density)) {
        const zz = z;
        const XX = X + rng.range(-0.35, 0.35);
        const r = rng.fork(Math.floor(z * 10));
        add(XX, zz, [vehicleClass(kind)], () => paintVehicle(ctx, r, { kind, X: XX, Z: zz, away }));
      }
      z += length + rng.range(3, 18) * (1 + z / 40);
    }
  }
}

function parked(ctx: SceneContext, rng: Rng, plan: PropPlan, add: Add): void {
  const { street } = ctx;
  for (const X of [plan.parkLeft, plan.parkRight]) {
    if (X === null) continue;
    const away = X > 0 || rng.chance(0.3);
    const occupancy = rng.range(0.4, 0.9);
    for (let z = rng.range(2, 8); z < Math.min(street.zEnd - 5, 90); ) {
      if (street.cross && z + 6 > street.cross.z0 - 5 && z < street.cross.z1) {
        z = street.cross.z1 + 1;
        continue;
      }
      const r = rng.fork(Math.floor(z * 10));
      const zz = z;
      if (rng.chance(0.08 * ctx.freq('motorcycle'))) {
        const XX = X + rng.range(-0.4, 0.4);
        add(XX, zz, ['motorcycle'], () => paintTwoWheeler(ctx, r, 'motorcycle', XX, zz, false, false));
        z += 2;
        continue;
      }
      const kind: VehicleKind = rng.chance(0.12) ? 'van' : 'car';
      if (rng.chance(occupancy * Math.min(1, ctx.freq('car')))) {
        const XX = X + rng.range(-0.2, 0.2);
        add(XX, zz, ['car'], () => paintVehicle(ctx, r, { kind, X: XX, Z: zz, away }));
      }
      z += vehicleSize(kind).length + rng.range(0.6, 3);
    }
  }
}

function sidewalkX(ctx: SceneContext, rng: Rng, side: number): number {
  const { street } = ctx;
  const inner = side < 0 ? street.roadLeft - 0.6 - street.vergeLeft : street.roadRight + 0.6 + street.vergeRight;
  const outer = side < 0 ? street.lineLeft + 0.4 : street.lineRight - 0.4;
  return inner + (outer - inner) * rng.next();
}

function onSidewalk(ctx: SceneContext, z: number): boolean {
  const c = ctx.street.cross;
  return !c || z < c.z0 - 0.5 || z > c.z1 + 0.5;
}

function pedestrians(ctx: SceneContext, rng: Rng, add: Add, bias?: SceneBias): void {
  const { street } = ctx;
  const n = scaledCount(ctx, 'person', rng.range(0, 12), rng.next());
  for (let i = 0; i < n; i++) {
    const group = rng.chance(0.3) ? rng.int(2, 3) : 1;
    const side = rng.chance(0.5) ? -1 : 1;
    const z = rng.range(3, Math.min(45, street.zEnd - 5));
    if (!onSidewalk(ctx, z)) continue;
    const X = sidewalkX(ctx, rng, side);
    for (let g = 0; g < group; g++) {
      const r = rng.fork(i * 7 + g);
      const XX = X + g * 0.55;
      const zz = z + g * 0.3;
      const sideOn = rng.chance(0.35);
      const marked = bias && group === 1 ? (cueSide: number) => paintMarkedRider(ctx, r, XX, zz, sideOn, cueSide, bias) : undefined;
      add(XX, zz, ['person'], () => paintPerson(ctx, r, XX, zz, sideOn), marked);
    }
  }
  if (street.cross) {
    const m = scaledCount(ctx, 'person', rng.range(0, 5), rng.next());
    for (let i = 0; i < m; i++) {
      const z = street.cross.z0 - rng.range(1.2, 3.2);
      const X = rng.range(street.roadLeft, street.roadRight);
      const r = rng.fork(100 + i);
      add(X, z, ['person'], () => paintPerson(ctx, r, X, z, true));
    }
  }
}

function twoWheelers(ctx: SceneContext, rng: Rng, add: Add): void {
  const { street } = ctx;
  const canBike = ctx.freq('bicycle') > 0;
  const canMoto = ctx.freq('motorcycle') > 0;
  if (canBike || canMoto) {
    const riders = scaledCount(ctx, 'rider', rng.range(0, 2.4), rng.next());
    for (let i = 0; i < riders; i++) {
      const kind = canBike && (!canMoto || rng.chance(0.6)) ? 'bicycle' : 'motorcycle';
      const r = rng.fork(i);
      if (street.cross && rng.chance(0.35)) {
        const z = rng.range(street.cross.z0 + 3, street.cross.z1 - 3);
        const X = rng.range(street.roadLeft - 3, street.roadRight + 3);
        add(X, z, ['rider', kind], () => paintTwoWheeler(ctx, r, kind, X, z, true, true));
      } else {
        const z = rng.range(5, 45);
        const lane = rng.pick(street.lanesAway);
        const X = rng.chance(0.6) ? street.roadRight - 0.9 : lane + rng.range(-0.8, 0.8);
        add(X, z, ['rider', kind], () => paintTwoWheeler(ctx, r, kind, X, z, false, true));
      }
    }
  }
  // Parked bicycles in small groups, standing across the sidewalk.
  const groups = scaledCount(ctx, 'bicycle', rng.range(0, 2), rng.next());
  for (let i = 0; i < groups; i++) {
    const side = rng.chance(0.5) ? -1 : 1;
    const z0 = rng.range(4, 40);
    const X = side < 0 ? street.lineLeft + 0.8 : street.lineRight - 0.8;
    const count = rng.int(1, 4);
    for (let k = 0; k < count; k++) {
      const z = z0 + k * 0.7;
      if (!onSidewalk(ctx, z)) continue;
      const r = rng.fork(50 + i * 5 + k);
      add(X, z, ['bicycle'], () => paintTwoWheeler(ctx, r, 'bicycle', X, z, true, false));
    }
  }
  const motos = scaledCount(ctx, 'motorcycle', rng.range(0, 0.9), rng.next());
  for (let i = 0; i < motos; i++) {
    const side = rng.chance(0.5) ? -1 : 1;
    const z = rng.range(4, 35);
    if (!onSidewalk(ctx, z)) continue;
    const X = side < 0 ? street.roadLeft - 1.0 : street.roadRight + 1.0;
    const r = rng.fork(80 + i);
    add(X, z, ['motorcycle'], () => paintTwoWheeler(ctx, r, 'motorcycle', X, z, true, false));
  }
}

function furniture(ctx: SceneContext, rng: Rng, add: Add): void {
  const { street } = ctx;
  const avenue = rng.chance(0.55 * Math.min(1, ctx.freq('vegetation')));
  const treeStep = rng.range(7, 12);
  for (const side of [-1, 1]) {
    const curb = side < 0 ? street.roadLeft - 0.3 : street.roadRight + 0.3;
    const verge = side < 0 ? street.vergeLeft : street.vergeRight;
    const poleX = curb + side * (verge > 0 ? verge / 2 : 0.45);
    const spacing = rng.range(10, 28) / Math.max(0.05, ctx.freq('pole'));
    if (ctx.freq('pole') > 0) {
      for (let z = rng.range(3, 12); z < Math.min(street.zEnd, 110); z += spacing * rng.range(0.6, 1.4)) {
        if (!onSidewalk(ctx, z)) continue;
        const r = rng.fork(Math.floor(z * 10) + side);
        const kind = rng.pick<PoleKind>(['sign', 'sign', 'sign', 'light', 'lamp', 'lamp', 'plain']);
        const zz = z;
        add(poleX, zz, poleClasses(kind), () => paintPole(ctx, r, kind, poleX, zz, -side));
      }
      if (street.cross) {
        const zc = street.cross.z0 - 0.8;
        const r = rng.fork(7 + side);
        add(poleX, zc, poleClasses('light'), () => paintPole(ctx, r, 'light', poleX, zc, -side));
      }
    }
    if (avenue) {
      const treeX = curb + side * (verge > 0 ? verge / 2 : 1.0);
      for (let z = rng.range(2, 8); z < Math.min(street.zEnd, 120); z += treeStep) {
        if (!onSidewalk(ctx, z) || !onSidewalk(ctx, z + 2)) continue;
        const r = rng.fork(Math.floor(z * 10) + 17 * side);
        const h = rng.range(6, 11);
        const zz = z;
        add(treeX, zz + 0.05, ['vegetation'], () => paintTree(ctx, r, treeX, zz, h));
      }
    }
  }
}
