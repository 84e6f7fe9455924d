import * as tf from '@tensorflow/tfjs-core';
import { affineInputGrad, conv2dInputGrad, conv2dTransposeInputGrad, depthwiseConv2dInputGrad, type ConvGeometry, type Padding } from './convolution';
import { layerConfig, type GraphNode, type Layer } from './graph';
import { preluInputGrad } from './prelu';
import type { ReplayCache } from './replayCache';
import { resize4D, type Interpolation } from './upsample';

// One layer call replayed on concrete tensors, in inference mode, with gradients
// that work on cpu, wasm and webgl. Layers whose tfjs implementation is fused,
// training-dependent or lacks a gradient are rewritten from plain ops; everything
// else runs through layer.apply(…, {training: false}).

const IDENTITY_IN_INFERENCE = new Set([
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
]);

export function isIdentityInInference(className: string): boolean {
  return IDENTITY_IN_INFERENCE.has(className);
}

/** Layer classes replayed through layer.apply; their ops must be differentiable. */
export function isReplayedByApply(className: string): boolean {
  return !(className in REPLAYS) && !IDENTITY_IN_INFERENCE.has(className);
}

function weight(layer: Layer, field: string): tf.Tensor {
  const variable = (layer as unknown as Record<string, unknown>)[field] as { read?: () => tf.Tensor } | null | undefined;
  if (variable && typeof variable.read === 'function') return variable.read();
  throw new Error(`layer ${layer.name} (${layer.getClassName()}) has no weight "${field}"`);
}

function optionalWeight(layer: Layer, field: string): tf.Tensor | null {
  const variable = (layer as unknown as Record<string, unknown>)[field] as { read?: () => tf.Tensor } | null | undefined;
  return variable && typeof variable.read === 'function' ? variable.read() : null;
}

function pair(value: unknown, name: string, layer: Layer): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) {
    return [value[0] as number, value[1] as number];
  }
  throw new Error(`layer ${layer.name}: unexpected ${name} ${JSON.stringify(value)}`);
}

function requireChannelsLast(layer: Layer): void {
  const format = layerConfig(layer).dataFormat;
  if (format !== undefined && format !== null && format !== 'channelsLast') {
    throw new Error(`layer ${layer.name}: data format ${String(format)} is not supported (channelsLast only)`);
  }
}

function geometryOf(layer: Layer): ConvGeometry {
  const config = layerConfig(layer);
  requireChannelsLast(layer);
  const padding = config.padding;
  if (padding !== 'same' && padding !== 'valid') {
    throw new Error(`layer ${layer.name}: padding ${String(padding)} is not supported`);
  }
  return {
    strides: pair(config.strides ?? 1, 'strides', layer),
    dilation: pair(config.dilationRate ?? 1, 'dilationRate', layer),
    padding: padding as Padding,
  };
}

function layerBias(layer: Layer): tf.Tensor | null {
  return layerConfig(layer).useBias === false ? null : optionalWeight(layer, 'bias');
}

function activation(layer: Layer, y: tf.Tensor, linear: boolean): tf.Tensor {
  const activationName = layerConfig(layer).activation;
  if (linear || activationName === 'linear' || activationName === undefined || activationName === null) return y;
  const fn = (layer as unknown as { activation?: { apply(x: tf.Tensor): tf.Tensor } }).activation;
  if (!fn) throw new Error(`layer ${layer.name}: activation ${String(activationName)} not found`);
  return fn.apply(y);
}

function biasAndActivation(layer: Layer, y: tf.Tensor, linear: boolean): tf.Tensor {
  const bias = layerBias(layer);
  return activation(layer, bias ? tf.add(y, bias) : y, linear);
}

function single(inputs: tf.Tensor[], layer: Layer): tf.Tensor4D {
  if (inputs.length !== 1 || inputs[0].rank !== 4) {
    throw new Error(`layer ${layer.name} (${layer.getClassName()}) expects one 4-D input`);
  }
  return inputs[0] as tf.Tensor4D;
}

type Replay = (layer: Layer, inputs: tf.Tensor[], linear: boolean, cache?: ReplayCache) => tf.Tensor;

const REPLAYS: Record<string, Replay> = {
  Conv2D: (layer, inputs, linear, cache) => {
    // The bias (and a ReLU) go with the convolution, so a click reuses all (replayCache.ts).
    const relu = !linear && layerConfig(layer).activation === 'relu';
    const y = conv2dInputGrad(single(inputs, layer), weight(layer, 'kernel') as tf.Tensor4D, geometryOf(layer), cache, layerBias(layer), relu);
    return relu ? y : activation(layer, y, linear);
  },
  DepthwiseConv2D: (layer, inputs, linear, cache) => {
    const y = depthwiseConv2dInputGrad(
      single(inputs, layer),
      weight(layer, 'depthwiseKernel') as tf.Tensor4D,
      geometryOf(layer),
      cache,
    );
    return biasAndActivation(layer, y, linear);
  },
  SeparableConv2D: (layer, inputs, linear, cache) => {
    const geometry = geometryOf(layer);
    const depthwise = depthwiseConv2dInputGrad(
      single(inputs, layer),
      weight(layer, 'depthwiseKernel') as tf.Tensor4D,
      geometry,
      cache,
    );
    const pointwise = conv2dInputGrad(depthwise, weight(layer, 'pointwiseKernel') as tf.Tensor4D, {
      strides: [1, 1],
      dilation: [1, 1],
      padding: 'valid',
    }, cache);
    return biasAndActivation(layer, pointwise, linear);
  },
  Conv2DTranspose: (layer, inputs, linear, cache) => {
    const x = single(inputs, layer);
    const geometry = geometryOf(layer);
    const kernel = weight(layer, 'kernel') as tf.Tensor4D; // [kh, kw, out, in]
    const [kh, kw, filters] = kernel.shape;
    const outLength = (size: number, stride: number, k: number): number =>
      geometry.padding === 'valid' ? size * stride + Math.max(k - stride, 0) : size * stride;
    const outShape: [number, number, number, number] = [
      x.shape[0],
      outLength(x.shape[1], geometry.strides[0], kh),
      outLength(x.shape[2], geometry.strides[1], kw),
      filters,
    ];
    // Its input gradient is a forward conv2d: fast on every backend. The bias goes with it, so a click reuses both.
    if (geometry.dilation[0] !== 1 || geometry.dilation[1] !== 1) throw new Error(`layer ${layer.name}: dilated transposed convolutions are not supported`);
    const y = conv2dTransposeInputGrad(x, kernel, outShape, geometry.strides, geometry.padding, cache, layerBias(layer));
    return activation(layer, y, linear);
  },
  Dense: (layer, inputs, linear) => {
    const x = inputs[0];
    const kernel = weight(layer, 'kernel') as tf.Tensor2D;
    const flat = tf.reshape(x, [-1, x.shape[x.rank - 1]]);
    const y = tf.reshape(tf.matMul(flat, kernel), [...x.shape.slice(0, -1), kernel.shape[1]]);
    return biasAndActivation(layer, y, linear);
  },
  BatchNormalization: (layer, inputs, _linear, cache) => {
    const x = inputs[0];
    const config = layerConfig(layer);
    const axis = Array.isArray(config.axis) ? config.axis : [config.axis ?? -1];
    if (axis.length !== 1 || (axis[0] !== -1 && axis[0] !== x.rank - 1)) {
      throw new Error(`layer ${layer.name}: batch normalisation over axis ${JSON.stringify(config.axis)} is not supported`);
    }
    const epsilon = typeof config.epsilon === 'number' ? config.epsilon : 1e-3;
    const mean = weight(layer, 'movingMean');
    const variance = weight(layer, 'movingVariance');
    const gamma = config.scale === false ? null : optionalWeight(layer, 'gamma');
    const beta = config.center === false ? null : optionalWeight(layer, 'beta');
    const scaleOf = () => (gamma ? tf.mul(gamma, tf.rsqrt(tf.add(variance, epsilon))) : tf.rsqrt(tf.add(variance, epsilon)));
    const shiftOf = (scale: tf.Tensor) => (beta ? tf.sub(beta, tf.mul(mean, scale)) : tf.neg(tf.mul(mean, scale)));
    // Per-channel constants of the weights: computed once per weight values, not on every pass
    // (five small kernels per layer, each paying tfjs's per-call cost).
    const weights = [mean, variance, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
    const scale = cache ? cache.derived(weights, 'bn-scale', scaleOf) : scaleOf();
    const shift = cache ? cache.derived(weights, 'bn-shift', () => shiftOf(scale)) : shiftOf(scale);
    return affineInputGrad(x, scale, shift, mean, cache);
  },
  // tfjs-layers' PReLU.call is tf.prelu(x, alpha): the same forward, a cheaper gradient.
  PReLU: (layer, inputs) => preluInputGrad(single(inputs, layer), weight(layer, 'alpha')),
  UpSampling2D: (layer, inputs) => {
    const x = single(inputs, layer);
    requireChannelsLast(layer);
    const config = layerConfig(layer);
    const [sh, sw] = pair(config.size ?? 2, 'size', layer);
    const interpolation = (config.interpolation ?? 'nearest') as Interpolation;
    return resize4D(x, x.shape[1] * sh, x.shape[2] * sw, interpolation);
  },
};

/** Replays one node; returns its output tensors. `cache` keeps weight-derived tensors. */
export function replayNode(node: GraphNode, inputs: tf.Tensor[], cache?: ReplayCache): tf.Tensor[] {
  const { layer, className } = node;
  if (IDENTITY_IN_INFERENCE.has(className)) return [inputs[0]];
  const replay = REPLAYS[className];
  if (replay) return [replay(layer, inputs, node.linear, cache)];
  if (node.linear) {
    throw new Error(`layer ${layer.name} (${className}) ends in a softmax that the explainer cannot remove`);
  }
  const output = layer.apply(inputs.length === 1 ? inputs[0] : inputs, { ...node.callArgs, training: false });
  const outputs = Array.isArray(output) ? output : [output];
  return outputs.map((t) => {
    if (!(t instanceof tf.Tensor)) throw new Error(`layer ${layer.name} (${className}) did not return a tensor`);
    return t;
  });
}
