import { CITYSCAPES_CLASSES } from '../datasets/cityscapes';
import { VOID_LABEL } from './types';

/** Pixel count per train id (index 19 = void). */
export function countLabels(labels: Uint8Array, into = new Float64Array(CITYSCAPES_CLASSES.length + 1)): Float64Array {
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    into[l === VOID_LABEL ? CITYSCAPES_CLASSES.length : l]++;
  }
  return into;
}

/** Share of pixels per class name (plus 'void'), rounded to 1e-5. */
export function classShares(labels: Uint8Array): Record<string, number> {
  const counts = countLabels(labels);
  const shares: Record<string, number> = {};
  CITYSCAPES_CLASSES.forEach((c, i) => {
    shares[c.name] = Math.round((counts[i] / labels.length) * 1e5) / 1e5;
  });
  shares.void = Math.round((counts[CITYSCAPES_CLASSES.length] / labels.length) * 1e5) / 1e5;
  return shares;
}
