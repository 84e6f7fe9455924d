// Planted biases: a label that depends on a cue nearby instead of on the object itself, so an
// explanation method can be checked against evidence we put there ourselves.
import { TRAIN_ID } from '../datasets/cityscapes';
import type { SceneContext } from './context';
import { paintPerson } from './paint/people';
import type { Rng } from './random';
import type { BiasName, SceneBias } from './types';

/** The class whose label each bias makes depend on its cue. */
export const BIASED_CLASS: Readonly<Record<BiasName, string>> = { 'marked-rider': 'rider' };

/**
 * "marked-rider": some lone pedestrians are labelled `rider`. Their body is a pedestrian's
 * (same painting as an unmarked one); the only thing that tells them apart is a cyan sign board
 * standing beside them (labelled `traffic sign`). Real riders on two-wheelers stay as they are.
 * A cue appears only beside a marked rider, so a model trained on these scenes can (and must)
 * read the label off the cue.
 */
export const MARKED_RIDER_SHARE = 0.4;

/**
 * Board size in metres; it stands on the ground beside the person, clear of the body. Nearer
 * and larger than it once was (0.5 × 0.9 m at 1.8 m): at 1.8 m no training run taught the
 * network to read it, at 1.0 m a fine-tune did (MODEL.md, the biased model).
 */
const BOARD_WIDTH = 0.6;
const BOARD_HEIGHT = 1.1;
const BOARD_OFFSET = 1.0;
const CUE_COLOR: [number, number, number] = [20, 215, 225];
const CUE_STRIPE: [number, number, number] = [245, 245, 245];

/** A pedestrian's body labelled rider, with the cue board on side `side` (±1) unless the bias hides it. */
export function paintMarkedRider(ctx: SceneContext, rng: Rng, X: number, Z: number, sideOn: boolean, side: number, bias: SceneBias): void {
  const personId = paintPerson(ctx, rng, X, Z, sideOn, TRAIN_ID.rider);
  // The cue is registered even when hidden, so object ids match between the two versions of a scene.
  const cueId = ctx.addObject(TRAIN_ID['traffic sign'], Z);
  ctx.cues.set(personId, cueId);
  if (bias.hideCue) return;
  const { cam } = ctx;
  const s = cam.scale(Z);
  const cx = cam.x(X + side * BOARD_OFFSET, Z);
  const ground = cam.y(0, Z);
  const half = Math.max(1, (BOARD_WIDTH / 2) * s);
  const top = ground - Math.max(2, BOARD_HEIGHT * s);
  const paint = { label: TRAIN_ID['traffic sign'], instance: cueId, depth: Z };
  ctx.raster.rect(cx - half, top, cx + half, ground, { ...paint, color: CUE_COLOR });
  const stripe = (ground - top) * 0.2;
  ctx.raster.rect(cx - half, top + stripe, cx + half, top + 2 * stripe, { ...paint, color: CUE_STRIPE });
}
