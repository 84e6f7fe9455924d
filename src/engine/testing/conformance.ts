import * as tf from '@tensorflow/tfjs-core';
import type { Explainer, LayerGradients } from '../explainer';
import { METHODS, type Explanation, type Target } from '../types';
import { seededRandom } from './randomModels';

// Shared by the cross-backend conformance checks (Node: wasm vs cpu; browser: webgl vs cpu):
// inputs that provoke ties, and the worst disagreement between two sets of explanations.

export type InputKind = 'random' | 'zeros' | 'constant' | 'repeated';
export const INPUT_KINDS: readonly InputKind[] = ['random', 'zeros', 'constant', 'repeated'];

/**
 * Model inputs [1,h,w,3]: normal noise; all zeros and a constant (every window of every
 * layer is tied until the biases differ); a few repeated values (ties inside windows).
 */
export function conformanceInput(kind: InputKind, height: number, width: number, seed = 7): tf.Tensor4D {
  const random = seededRandom(seed);
  const size = height * width * 3;
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    if (kind === 'random') data[i] = (random() + random() + random() - 1.5) * 2;
    else if (kind === 'constant') data[i] = 0.75;
    else if (kind === 'repeated') data[i] = [-1, 0, 0, 1][Math.floor(random() * 4)];
  }
  return tf.tensor4d(data, [1, height, width, 3]);
}

/** A rectangle in the middle of the output, class `classIndex`. */
export function centreTarget(height: number, width: number, classIndex: number): Target {
  const mask = new Uint8Array(height * width);
  for (let r = Math.floor(height / 4); r < Math.ceil((3 * height) / 4); r++) {
    for (let c = Math.floor(width / 3); c < Math.ceil((2 * width) / 3); c++) mask[r * width + c] = 1;
  }
  return { classIndex, mask };
}

/** All six methods at every explainable layer, from one backward pass each. */
export function explainAll(explainer: Explainer, input: tf.Tensor4D, target: Target, layers?: string[]): Promise<Explanation[]> {
  return explainer.explain(input, target, { methods: [...METHODS], layers });
}

export interface Disagreement {
  /** "method / layer / alpha|raw|score" */
  where: string;
  /** max |a − b| / max |b| (0 when both are all zero). */
  relative: number;
  absolute: number;
}

function compare(where: string, a: ArrayLike<number>, b: ArrayLike<number>): Disagreement {
  if (a.length !== b.length) return { where: `${where} (length ${a.length} vs ${b.length})`, relative: Infinity, absolute: Infinity };
  let absolute = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    absolute = Math.max(absolute, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  const relative = absolute === 0 ? 0 : scale === 0 ? Infinity : absolute / scale;
  return { where, relative, absolute };
}

/** Every map and α of `ours` against `reference`, worst first. */
export function disagreements(ours: Explanation[], reference: Explanation[]): Disagreement[] {
  const found: Disagreement[] = [];
  for (const ref of reference) {
    const mine = ours.find((e) => e.method === ref.method);
    if (!mine) {
      found.push({ where: `${ref.method} missing`, relative: Infinity, absolute: Infinity });
      continue;
    }
    found.push(compare(`${ref.method} / score`, [mine.score], [ref.score]));
    for (const layer of ref.layers) {
      const other = mine.layers.find((l) => l.layer === layer.layer);
      if (!other) {
        found.push({ where: `${ref.method} / ${layer.layer} missing`, relative: Infinity, absolute: Infinity });
        continue;
      }
      found.push(compare(`${ref.method} / ${layer.layer} / alpha`, other.alpha, layer.alpha));
      found.push(compare(`${ref.method} / ${layer.layer} / raw`, other.raw, layer.raw));
    }
  }
  return found.sort((x, y) => y.relative - x.relative);
}

/** Activations and ∂S/∂A of every layer of `ours` against `reference`, worst first. */
export function gradientDisagreements(ours: LayerGradients, reference: LayerGradients): Disagreement[] {
  const found: Disagreement[] = [compare('score', [ours.score], [reference.score])];
  for (const layer of reference.layers) {
    const other = ours.layers.find((l) => l.layer === layer.layer);
    if (!other) {
      found.push({ where: `${layer.layer} missing`, relative: Infinity, absolute: Infinity });
      continue;
    }
    found.push(compare(`${layer.layer} / activation`, other.activation, layer.activation));
    found.push(compare(`${layer.layer} / gradient`, other.gradient, layer.gradient));
  }
  return found.sort((x, y) => y.relative - x.relative);
}
