// Command-line parsing for `npm run cam`: a strict, pure parser whose errors are one line.
import { COLORMAPS, type ColormapName } from '../formats/colormap';
import { DEFAULT_FIT_MODE, FIT_MODES, isFitMode, type FitMode } from '../imaging/fitImage';
import { METHODS, type Method } from '../engine/types';

/** Bad arguments or input: the CLI prints the message on one line and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type MaskSpec =
  | { kind: 'pixel'; row: number; col: number }
  | { kind: 'mask'; path: string }
  | { kind: 'predicted' }
  | { kind: 'all' };

export interface CamArgs {
  model?: string;
  descriptor?: string;
  image: string;
  /** Class name or index as typed; resolved against the descriptor later. */
  classRef?: string;
  target: MaskSpec;
  /** undefined = the default layer; 'all' = every explainable layer. */
  layers?: string[] | 'all';
  method: Method;
  out: string;
  backend: 'wasm' | 'cpu';
  colormap: ColormapName;
  /** How the image is fitted to the model input, as in the app (imaging/fitImage.ts). */
  fit: FitMode;
  help: boolean;
}

export const CAM_USAGE = `Usage: npm run cam -- [--model <model.json>] [--descriptor <segcam.json>] --image <png|jpg>
       [--class <name|index>] (--pixel ROW,COL | --mask <png> | --predicted | --all)
       [--layer <name> ... | --all-layers] [--method <${METHODS.join('|')}>]
       [--backend wasm|cpu] [--colormap ${COLORMAPS.join('|')}] [--fit ${FIT_MODES.join('|')}] --out <dir>

Explains the model's logits for a class over a set of output pixels M with Seg-Grad-CAM.
  --pixel ROW,COL  one pixel, in model-input coordinates
  --mask <png>     non-zero pixels form M (resized nearest to the output size)
  --predicted      all pixels predicted as the class
  --all            the whole image
  --class          optional with --pixel: defaults to the class predicted there
  --fit            how an image of another size meets the model input (default stretch),
                   pixel for pixel as in the app
Writes <layer>.npy (float32 [h,w], ReLU(sum alpha_k A^k) at the layer's resolution),
<layer>.png (heatmap over the image), prediction.png (class indices) and summary.json.
Exit codes: 0 ok, 2 bad arguments or input (reason on stderr).`;

const VALUE_FLAGS = ['--model', '--descriptor', '--image', '--class', '--pixel', '--mask', '--layer', '--method', '--out', '--backend', '--colormap', '--fit'];
const BOOLEAN_FLAGS = ['--predicted', '--all', '--all-layers', '--help', '-h'];

function parsePixel(text: string): { row: number; col: number } {
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(text);
  if (!m) throw new UsageError(`--pixel expects ROW,COL (two non-negative integers), got "${text}"`);
  return { row: Number(m[1]), col: Number(m[2]) };
}

export function parseCamArgs(argv: readonly string[]): CamArgs {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (VALUE_FLAGS.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (BOOLEAN_FLAGS.includes(name)) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      flags.add(name);
    } else {
      throw new UsageError(`unknown argument "${arg}" (see --help)`);
    }
  }
  const one = (name: string): string | undefined => {
    const v = values.get(name);
    if (v && v.length > 1 && name !== '--layer') throw new UsageError(`${name} given ${v.length} times`);
    return v?.[0];
  };
  const help = flags.has('--help') || flags.has('-h');

  const targets: MaskSpec[] = [];
  const pixel = one('--pixel');
  if (pixel !== undefined) targets.push({ kind: 'pixel', ...parsePixel(pixel) });
  const maskPath = one('--mask');
  if (maskPath !== undefined) targets.push({ kind: 'mask', path: maskPath });
  if (flags.has('--predicted')) targets.push({ kind: 'predicted' });
  if (flags.has('--all')) targets.push({ kind: 'all' });

  const method = one('--method') ?? 'seg-grad-cam';
  const backend = one('--backend') ?? 'wasm';
  const colormap = one('--colormap') ?? 'turbo';
  const fit = one('--fit') ?? DEFAULT_FIT_MODE;
  const layerValues = values.get('--layer');
  const layers = flags.has('--all-layers') ? 'all' : layerValues?.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
  const image = one('--image');
  const out = one('--out');
  const classRef = one('--class');

  if (!help) {
    if (image === undefined) throw new UsageError('--image <png|jpg> is required');
    if (out === undefined) throw new UsageError('--out <dir> is required');
    if (targets.length !== 1) {
      throw new UsageError(
        targets.length === 0
          ? 'choose the pixels to explain: one of --pixel ROW,COL, --mask <png>, --predicted, --all'
          : 'give only one of --pixel, --mask, --predicted, --all',
      );
    }
    if (classRef === undefined && targets[0].kind !== 'pixel') {
      throw new UsageError('--class <name|index> is required (it may be left out only with --pixel)');
    }
    if (flags.has('--all-layers') && layerValues) throw new UsageError('give either --layer or --all-layers, not both');
    if (!(METHODS as readonly string[]).includes(method)) throw new UsageError(`unknown --method "${method}"; known: ${METHODS.join(', ')}`);
    if (backend !== 'wasm' && backend !== 'cpu') throw new UsageError(`--backend must be wasm or cpu, got "${backend}"`);
    if (!(COLORMAPS as readonly string[]).includes(colormap)) throw new UsageError(`--colormap must be one of ${COLORMAPS.join(', ')}`);
    if (!isFitMode(fit)) throw new UsageError(`--fit must be one of ${FIT_MODES.join(', ')}`);
  }
  return {
    model: one('--model'),
    descriptor: one('--descriptor'),
    image: image ?? '',
    classRef,
    target: targets[0] ?? { kind: 'all' },
    layers: layers && (layers === 'all' || layers.length > 0) ? layers : undefined,
    method: method as Method,
    out: out ?? '',
    backend: backend as 'wasm' | 'cpu',
    colormap: colormap as ColormapName,
    fit: isFitMode(fit) ? fit : DEFAULT_FIT_MODE,
    help,
  };
}
