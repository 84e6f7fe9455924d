// npm run scene -- --seed <n> [--width W --height H] [--bias <name> [--hide-cue]] --out <dir>
// Writes image.png (RGB), labels.png (8-bit train ids, 255 = void) and meta.json.
import { CITYSCAPES_CLASSES } from '../datasets/cityscapes';
import { encodePng } from '../files/image';
import { checkImagePixels } from '../formats/limits';
import { generateScene } from '../scenes/generate';
import { classShares } from '../scenes/stats';
import { BIAS_NAMES, type BiasName, type SceneBias } from '../scenes/types';
import { prepareOutputDir, removeCreated, writeFilesAtomically } from './outputDir';

interface SceneArgs {
  seed: number;
  width: number;
  height: number;
  out: string;
  bias?: SceneBias;
}

function parseArgs(argv: string[]): SceneArgs {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const int = (name: string, fallback: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${raw}"`);
    return n;
  };
  const out = get('out');
  if (!out) throw new Error('usage: npm run scene -- --seed <n> [--width W --height H] [--bias <name> [--hide-cue]] --out <dir>');
  const biasName = get('bias');
  if (biasName !== undefined && !(BIAS_NAMES as readonly string[]).includes(biasName)) {
    throw new Error(`--bias must be one of ${BIAS_NAMES.join(', ')}, got "${biasName}"`);
  }
  const bias = biasName === undefined ? undefined : { name: biasName as BiasName, hideCue: argv.includes('--hide-cue') };
  const width = int('width', 512);
  const height = int('height', 256);
  if (width < 8 || height < 8) throw new Error('--width and --height must be at least 8');
  checkImagePixels('the scene', height, width);
  return { seed: int('seed', 0), width, height, out, bias };
}

function main(): void {
  const { seed, width, height, out, bias } = parseArgs(process.argv.slice(2));
  const output = prepareOutputDir(out);
  const start = performance.now();
  const scene = generateScene(seed, { width, height, bias });
  const ms = performance.now() - start;
  const meta = {
    seed,
    width,
    height,
    ...(bias ? { bias: bias.name, cueHidden: bias.hideCue ?? false } : {}),
    classes: CITYSCAPES_CLASSES.map((c) => c.name),
    classShares: classShares(scene.labels),
    objects: scene.objects.map((o) => ({ ...o, className: CITYSCAPES_CLASSES[o.classId].name })),
  };
  try {
    writeFilesAtomically(output.dir, [
      { name: 'image.png', bytes: encodePng(scene.image, height, width, 3) },
      { name: 'labels.png', bytes: encodePng(scene.labels, height, width, 1) },
      { name: 'meta.json', bytes: JSON.stringify(meta, null, 2) + '\n' },
    ]);
  } catch (e) {
    removeCreated(output);
    throw e;
  }
  console.log(`scene ${seed} (${width}×${height}, ${scene.objects.length} objects, ${ms.toFixed(0)} ms) → ${out}`);
}

try {
  main();
} catch (err) {
  console.error(`scene: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
