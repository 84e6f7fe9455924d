// npm run scene -- --seed <n> [--width W --height H] --out <dir>
// Writes image.png (RGB), labels.png (8-bit train ids, 255 = void) and meta.json.
import { CITYSCAPES_CLASSES } from '../engine/cityscapes';
import { encodePng } from '../formats/image';
import { checkImagePixels } from '../formats/limits';
import { generateScene } from '../scenes/generate';
import { classShares } from '../scenes/stats';
import { prepareOutputDir, removeCreated, writeFilesAtomically } from './outputDir';

function parseArgs(argv: string[]): { seed: number; width: number; height: number; out: string } {
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
  if (!out) throw new Error('usage: npm run scene -- --seed <n> [--width W --height H] --out <dir>');
  const width = int('width', 512);
  const height = int('height', 256);
  if (width < 8 || height < 8) throw new Error('--width and --height must be at least 8');
  checkImagePixels('the scene', width, height);
  return { seed: int('seed', 0), width, height, out };
}

function main(): void {
  const { seed, width, height, out } = parseArgs(process.argv.slice(2));
  const output = prepareOutputDir(out);
  const start = performance.now();
  const scene = generateScene(seed, { width, height });
  const ms = performance.now() - start;
  const meta = {
    seed,
    width,
    height,
    classes: CITYSCAPES_CLASSES.map((c) => c.name),
    classShares: classShares(scene.labels),
    objects: scene.objects.map((o) => ({ ...o, className: CITYSCAPES_CLASSES[o.classId].name })),
  };
  try {
    writeFilesAtomically(output.dir, [
      { name: 'image.png', bytes: encodePng(scene.image, width, height, 3) },
      { name: 'labels.png', bytes: encodePng(scene.labels, width, height, 1) },
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
