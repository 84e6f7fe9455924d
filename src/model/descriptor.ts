// The model descriptor segcam.json: validation with field-by-field errors, and the defaults
// used when a model comes without one (see README "Bring your own model").
import { CITYSCAPES_CLASSES } from '../datasets/cityscapes';
import type { ClassInfo, ModelDescriptor, RGB } from '../engine/types';
import { modelInputSizeProblem } from '../formats/limits';
import type { Size } from '../imaging/geometry';

export interface DescriptorContext {
  /** Channels of the model's output; the class list must have exactly this many entries. */
  numClasses?: number;
  /** The model's fixed input size, used when the descriptor has no "input". */
  inputSize?: Size;
}

export type DescriptorResult = { descriptor: ModelDescriptor } | { errors: string[] };

const DEFAULT_PREPROCESS: ModelDescriptor['preprocess'] = {
  channelOrder: 'RGB',
  mean: [0, 0, 0],
  std: [255, 255, 255],
};

type Json = Record<string, unknown>;

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isPositiveInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x > 0;
}

function isColor(x: unknown): x is RGB {
  return Array.isArray(x) && x.length === 3 && x.every((v) => Number.isInteger(v) && v >= 0 && v <= 255);
}

function isTriple(x: unknown, ok: (v: number) => boolean): x is RGB {
  return Array.isArray(x) && x.length === 3 && x.every((v) => typeof v === 'number' && Number.isFinite(v) && ok(v));
}

function parseClasses(value: unknown, errors: string[]): ClassInfo[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push('classes: expected a non-empty array of {name, color}');
    return [];
  }
  return value.map((entry, i): ClassInfo => {
    if (!isObject(entry)) {
      errors.push(`classes[${i}]: expected an object {name, color}`);
      return { name: '', color: [0, 0, 0] };
    }
    if (typeof entry.name !== 'string' || entry.name.trim() === '') {
      errors.push(`classes[${i}].name: expected a non-empty string`);
    }
    if (!isColor(entry.color)) errors.push(`classes[${i}].color: expected [r,g,b] with 0..255 integers`);
    return { name: String(entry.name), color: isColor(entry.color) ? [...entry.color] : [0, 0, 0] };
  });
}

function parseInput(value: unknown, ctx: DescriptorContext, errors: string[]): ModelDescriptor['input'] {
  if (value === undefined) {
    if (ctx.inputSize) return { ...ctx.inputSize };
    errors.push('input: missing; the model accepts any size, so give {"height": H, "width": W}');
    return { height: 0, width: 0 };
  }
  if (!isObject(value)) {
    errors.push('input: expected {"height": H, "width": W}');
    return { height: 0, width: 0 };
  }
  for (const key of ['height', 'width'] as const) {
    if (!isPositiveInteger(value[key])) errors.push(`input.${key}: expected a positive integer`);
  }
  const input = { height: Number(value.height), width: Number(value.width) };
  const tooLarge = isPositiveInteger(input.height) && isPositiveInteger(input.width) && modelInputSizeProblem(input.height, input.width);
  if (tooLarge) errors.push(`input: ${tooLarge}`);
  const fixed = ctx.inputSize;
  if (fixed && isPositiveInteger(value.height) && isPositiveInteger(value.width) &&
      (fixed.height !== input.height || fixed.width !== input.width)) {
    errors.push(`input: ${input.height}×${input.width} but the model's input is fixed at ${fixed.height}×${fixed.width}`);
  }
  return input;
}

function parsePreprocess(value: unknown, errors: string[]): ModelDescriptor['preprocess'] {
  if (value === undefined) return { ...DEFAULT_PREPROCESS };
  if (!isObject(value)) {
    errors.push('preprocess: expected {"channelOrder", "mean", "std"}');
    return { ...DEFAULT_PREPROCESS };
  }
  const channelOrder = value.channelOrder ?? 'RGB';
  if (channelOrder !== 'RGB' && channelOrder !== 'BGR') errors.push("preprocess.channelOrder: expected 'RGB' or 'BGR'");
  const mean = value.mean ?? DEFAULT_PREPROCESS.mean;
  if (!isTriple(mean, () => true)) errors.push('preprocess.mean: expected [m0,m1,m2], three finite numbers');
  const std = value.std ?? DEFAULT_PREPROCESS.std;
  if (!isTriple(std, (v) => v > 0)) errors.push('preprocess.std: expected [s0,s1,s2], three positive numbers');
  return {
    channelOrder: channelOrder === 'BGR' ? 'BGR' : 'RGB',
    mean: isTriple(mean, () => true) ? [...mean] : DEFAULT_PREPROCESS.mean,
    std: isTriple(std, (v) => v > 0) ? [...std] : DEFAULT_PREPROCESS.std,
  };
}

/** Validates a parsed segcam.json; optional fields get their defaults. */
export function parseDescriptor(json: unknown, ctx: DescriptorContext = {}): DescriptorResult {
  if (!isObject(json)) return { errors: ['descriptor: expected a JSON object'] };
  const errors: string[] = [];
  if (json.name !== undefined && typeof json.name !== 'string') errors.push('name: expected a string');
  const classes = parseClasses(json.classes, errors);
  if (ctx.numClasses !== undefined && classes.length > 0 && classes.length !== ctx.numClasses) {
    errors.push(`classes: ${classes.length} entries but the model outputs ${ctx.numClasses} channels`);
  }
  const input = parseInput(json.input, ctx, errors);
  const preprocess = parsePreprocess(json.preprocess, errors);
  const output = json.output ?? 'logits';
  if (output !== 'logits' && output !== 'softmax') errors.push("output: expected 'logits' or 'softmax'");
  if (json.defaultLayer !== undefined && (typeof json.defaultLayer !== 'string' || json.defaultLayer === '')) {
    errors.push('defaultLayer: expected a layer name');
  }
  if (errors.length > 0) return { errors };
  const descriptor: ModelDescriptor = {
    name: typeof json.name === 'string' && json.name !== '' ? json.name : 'Unnamed model',
    classes,
    input,
    preprocess,
    output: output === 'softmax' ? 'softmax' : 'logits',
  };
  if (typeof json.defaultLayer === 'string') descriptor.defaultLayer = json.defaultLayer;
  return { descriptor };
}

/** Distinct colours for C classes: hues spaced by the golden angle, alternating lightness. */
export function generatedPalette(count: number): RGB[] {
  const palette: RGB[] = [];
  for (let i = 0; i < count; i++) {
    const hue = (i * 137.508) % 360;
    const lightness = i % 2 === 0 ? 0.5 : 0.35;
    palette.push(hslToRgb(hue, 0.75, lightness));
  }
  return palette;
}

function hslToRgb(h: number, s: number, l: number): RGB {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** The descriptor of a model without segcam.json. */
export function defaultDescriptor(opts: {
  numClasses: number;
  inputSize: Size;
  name: string;
}): ModelDescriptor {
  const classes: ClassInfo[] =
    opts.numClasses === CITYSCAPES_CLASSES.length
      ? CITYSCAPES_CLASSES.map((c) => ({ name: c.name, color: [...c.color] }))
      : generatedPalette(opts.numClasses).map((color, i) => ({ name: `class ${i}`, color }));
  return {
    name: opts.name,
    classes,
    input: { ...opts.inputSize },
    preprocess: { channelOrder: 'RGB', mean: [0, 0, 0], std: [255, 255, 255] },
    output: 'logits',
  };
}
