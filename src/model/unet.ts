import * as tfl from '@tensorflow/tfjs-layers';

/** The shipped model's input size (H × W) and output classes. */
export const UNET_INPUT_HEIGHT = 128;
export const UNET_INPUT_WIDTH = 256;
export const UNET_NUM_CLASSES = 19;

/** Channels of enc1…enc4, then the bottleneck. Capped deep down to keep weights under 4 MB. */
export const UNET_WIDTHS = [16, 32, 64, 96, 128] as const;

export interface UnetOptions {
  height?: number;
  width?: number;
  /** Scales all widths: widths = UNET_WIDTHS × base / 16. */
  base?: number;
  numClasses?: number;
  seed?: number;
}

/**
 * A Ronneberger-style U-Net: 4 encoder blocks (conv3×3-BN-ReLU ×2, then 2×2 max pool), a bottleneck
 * at 1/16 resolution, 4 decoder blocks (nearest upsample ×2, concatenate the skip, conv-BN-ReLU ×2)
 * and a 1×1 conv `logits` without softmax. Block outputs are named enc1…enc4, bottleneck,
 * dec4…dec1 so a layer slider reads well.
 */
export function buildUnet(opts: UnetOptions = {}): tfl.LayersModel {
  const height = opts.height ?? UNET_INPUT_HEIGHT;
  const width = opts.width ?? UNET_INPUT_WIDTH;
  const base = opts.base ?? 16;
  const numClasses = opts.numClasses ?? UNET_NUM_CLASSES;
  let seed = opts.seed ?? 1;
  const widths = UNET_WIDTHS.map((w) => Math.max(1, Math.round((w * base) / 16)));

  const convBnRelu = (x: tfl.SymbolicTensor, filters: number, prefix: string, i: number, outName?: string) => {
    const conv = tfl.layers.conv2d({
      name: `${prefix}_conv${i}`,
      filters,
      kernelSize: 3,
      padding: 'same',
      useBias: false,
      kernelInitializer: tfl.initializers.heNormal({ seed: seed++ }),
    });
    const bn = tfl.layers.batchNormalization({ name: `${prefix}_bn${i}`, momentum: 0.9 });
    const relu = tfl.layers.activation({ name: outName ?? `${prefix}_relu${i}`, activation: 'relu' });
    return relu.apply(bn.apply(conv.apply(x))) as tfl.SymbolicTensor;
  };
  const block = (x: tfl.SymbolicTensor, filters: number, name: string) =>
    convBnRelu(convBnRelu(x, filters, name, 1), filters, name, 2, name);

  const input = tfl.input({ shape: [height, width, 3], name: 'image' });
  const skips: tfl.SymbolicTensor[] = [];
  let x = input;
  for (let level = 1; level <= 4; level++) {
    x = block(x, widths[level - 1], `enc${level}`);
    skips.push(x);
    x = tfl.layers.maxPooling2d({ name: `pool${level}`, poolSize: 2, strides: 2 }).apply(x) as tfl.SymbolicTensor;
  }
  x = block(x, widths[4], 'bottleneck');
  for (let level = 4; level >= 1; level--) {
    const up = tfl.layers.upSampling2d({ name: `up${level}`, size: [2, 2] }).apply(x) as tfl.SymbolicTensor;
    const merged = tfl.layers
      .concatenate({ name: `concat${level}`, axis: -1 })
      .apply([up, skips[level - 1]]) as tfl.SymbolicTensor;
    x = block(merged, widths[level - 1], `dec${level}`);
  }
  const logits = tfl.layers
    .conv2d({
      name: 'logits',
      filters: numClasses,
      kernelSize: 1,
      padding: 'same',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed++ }),
    })
    .apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: logits, name: 'unet_streets' });
}
