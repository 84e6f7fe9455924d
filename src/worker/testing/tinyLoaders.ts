// Tests of the worker service run on small random U-Nets built in memory: one descriptor, one
// pair of loaders and one image generator for all of them.
import { buildUNet } from '../../engine/testing/randomModels';
import type { ModelDescriptor } from '../../engine/types';
import type { ModelLoaders } from '../explainerService';

export const H = 16;
export const W = 24;

export function descriptor(name: string): ModelDescriptor {
  return {
    name,
    classes: [0, 1, 2, 3].map((i) => ({ name: `c${i}`, color: [i * 60, 0, 0] })),
    input: { height: H, width: W },
    preprocess: { channelOrder: 'RGB', mean: [0, 0, 0], std: [255, 255, 255] },
    output: 'logits',
  };
}

/** Loaders that build small random U-Nets in memory; a URL containing "bad" fails. */
export const loaders: ModelLoaders = {
  fromUrl: async (url) => {
    if (url.includes('bad')) throw new Error(`cannot fetch ${url}: HTTP 404`);
    return { model: buildUNet(H, W, url.length).model, descriptor: descriptor(url), warnings: [] };
  },
  fromFiles: async (files) => ({ model: buildUNet(H, W, 9).model, descriptor: descriptor(files[0].name), warnings: ['no segcam.json'] }),
};

/** A deterministic RGB image of the model's input size. */
export function image(seed: number): Uint8Array {
  return Uint8Array.from({ length: H * W * 3 }, (_, i) => (i * 37 + seed * 11) % 256);
}
