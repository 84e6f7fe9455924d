// The shareable view ⇄ the URL hash, e.g.
//   #scene=7&model=models%2Funet-streets%2Fmodel.json&class=13&layer=bottleneck
//    &method=seg-grad-cam&mask=128x256:3k.1.fe.2&seg=0&heat=1&cmap=turbo&opacity=0.6
// and, with an image URL instead of a scene, how it is fitted: &image=photo.png&fit=stretch
// Parsing is field by field: a bad field is reported and skipped, the rest still applies.
import { METHODS, type Method } from '../engine/types';
import { COLORMAPS, type ColormapName } from '../formats/colormap';
import { maskFromText, maskToText } from '../mask/rle';
import { FIT_MODES, isFitMode } from '../imaging/fitImage';
import { BIAS_NAMES, type BiasName } from '../scenes/types';
import { LOCAL_MODEL_PREFIX, type ImageSource, type ShareableView, type ViewOptions } from './view';

export interface ParsedHash {
  /** Only the fields the hash holds and that parsed. */
  view: Partial<Omit<ShareableView, 'view'>> & { view?: Partial<ViewOptions> };
  errors: string[];
}

function encodeSource(source: ImageSource): [string, string] | null {
  if (source.kind === 'scene') return ['scene', String(source.seed)];
  // (a scene's bias goes in its own field, below)
  if (source.kind === 'url') return ['image', source.url];
  return null;
}

export function serializeView(state: ShareableView): string {
  const params = new URLSearchParams();
  const source = encodeSource(state.source);
  if (source) params.set(source[0], source[1]);
  if (state.source.kind === 'scene' && state.source.bias) params.set('bias', state.source.bias);
  // The fit decides what the model sees of a photo; scenes have the model's aspect.
  if (state.source.kind === 'url') params.set('fit', state.fitMode);
  if (!state.modelUrl.startsWith(LOCAL_MODEL_PREFIX)) params.set('model', state.modelUrl);
  if (state.classIndex !== null) params.set('class', String(state.classIndex));
  if (state.layer !== null) params.set('layer', state.layer);
  params.set('method', state.method);
  if (state.mask) params.set('mask', maskToText(state.mask));
  params.set('seg', state.view.showSegmentation ? '1' : '0');
  params.set('heat', state.view.showHeatmap ? '1' : '0');
  params.set('cmap', state.view.colormap);
  params.set('opacity', String(Math.round(state.view.opacity * 100) / 100));
  return '#' + params.toString();
}

function parseNonNegativeInt(text: string): number {
  if (!/^\d{1,9}$/.test(text)) throw new Error(`"${text}" is not a non-negative integer`);
  return Number(text);
}

function parseFlag(text: string): boolean {
  if (text === '1') return true;
  if (text === '0') return false;
  throw new Error(`"${text}" is not 0 or 1`);
}

/** A link's text echoed in a notice: control characters shown as �, and kept short. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '\ufffd');
  return clean.length > 200 ? `${clean.slice(0, 199)}…` : clean;
}

const KNOWN_FIELDS = new Set(['scene', 'bias', 'image', 'model', 'fit', 'class', 'layer', 'method', 'mask', 'seg', 'heat', 'cmap', 'opacity']);

export function parseViewHash(hash: string): ParsedHash {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const view: ParsedHash['view'] = {};
  const options: Partial<ViewOptions> = {};
  const errors: string[] = [];
  const field = (name: string, apply: (value: string) => void): void => {
    const value = params.get(name);
    if (value === null) return;
    try {
      apply(value);
    } catch (error) {
      errors.push(oneLine(`${name}: ${error instanceof Error ? error.message : String(error)}`));
    }
  };
  field('scene', (v) => (view.source = { kind: 'scene', seed: parseNonNegativeInt(v) }));
  field('bias', (v) => {
    if (!(BIAS_NAMES as readonly string[]).includes(v)) throw new Error(`unknown bias "${v}"; known: ${BIAS_NAMES.join(', ')}`);
    if (view.source?.kind !== 'scene') throw new Error('a bias needs a scene');
    view.source = { ...view.source, bias: v as BiasName };
  });
  field('image', (v) => {
    if (params.has('scene')) throw new Error('a link holds either a scene or an image, not both');
    if (v.trim() === '') throw new Error('empty URL');
    view.source = { kind: 'url', url: v };
  });
  field('model', (v) => {
    if (v.trim() === '') throw new Error('empty URL');
    if (v.startsWith(LOCAL_MODEL_PREFIX)) throw new Error('a model opened from local files cannot be loaded from a link');
    view.modelUrl = v;
  });
  field('fit', (v) => {
    if (!isFitMode(v)) throw new Error(`unknown fit "${v}" (${FIT_MODES.join(', ')})`);
    view.fitMode = v;
  });
  field('class', (v) => (view.classIndex = parseNonNegativeInt(v)));
  field('layer', (v) => {
    if (v === '') throw new Error('empty layer name');
    view.layer = v;
  });
  field('method', (v) => {
    if (!(METHODS as readonly string[]).includes(v)) throw new Error(`unknown method "${v}"`);
    view.method = v as Method;
  });
  field('mask', (v) => (view.mask = maskFromText(v)));
  field('seg', (v) => (options.showSegmentation = parseFlag(v)));
  field('heat', (v) => (options.showHeatmap = parseFlag(v)));
  field('cmap', (v) => {
    if (!(COLORMAPS as readonly string[]).includes(v)) throw new Error(`unknown colormap "${v}"`);
    options.colormap = v as ColormapName;
  });
  field('opacity', (v) => {
    const opacity = Number(v);
    if (v.trim() === '' || !(opacity >= 0 && opacity <= 1)) throw new Error(`"${v}" is not a number in 0..1`);
    options.opacity = opacity;
  });
  if (Object.keys(options).length > 0) view.view = options;
  const seen = new Set<string>();
  for (const key of params.keys()) {
    if (seen.has(key)) {
      if (KNOWN_FIELDS.has(key)) errors.push(`${key}: given more than once; the first is used`);
      continue;
    }
    seen.add(key);
    if (!KNOWN_FIELDS.has(key)) errors.push(oneLine(`${key.slice(0, 40)}: not a field of this app's links, ignored`));
  }
  return { view, errors };
}
