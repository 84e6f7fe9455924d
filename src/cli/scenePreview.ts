// Renders a grid of scenes (and optionally their colour-coded labels) to a PNG for eyeballing:
//   npx tsx src/cli/scenePreview.ts --out /tmp/grid.png [--first 0] [--count 12] [--labels]
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { CITYSCAPES_CLASSES } from '../datasets/cityscapes';
import { generateScene } from '../scenes/generate';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const out = arg('out', '/tmp/scenes-grid.png');
const first = Number(arg('first', '0'));
const count = Number(arg('count', '12'));
const width = Number(arg('width', '512'));
const height = Number(arg('height', '256'));
const withLabels = args.includes('--labels');
const cols = withLabels ? 2 : 3;
const rows = Math.ceil(count / (withLabels ? 2 : 3));
const cellW = withLabels ? width * 2 : width;
const png = new PNG({ width: cols * (cellW + 4), height: rows * (height + 4) });
png.data.fill(255);
for (let k = 0; k < count; k++) {
  const scene = generateScene(first + k, { width, height });
  const ox = (k % cols) * (cellW + 4);
  const oy = Math.floor(k / cols) * (height + 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const o = ((oy + y) * png.width + ox + x) * 4;
      png.data[o] = scene.image[i * 3];
      png.data[o + 1] = scene.image[i * 3 + 1];
      png.data[o + 2] = scene.image[i * 3 + 2];
      if (withLabels) {
        const c = CITYSCAPES_CLASSES[scene.labels[i]]?.color ?? [0, 0, 0];
        const q = o + width * 4;
        png.data[q] = c[0];
        png.data[q + 1] = c[1];
        png.data[q + 2] = c[2];
      }
    }
  }
}
writeFileSync(out, PNG.sync.write(png));
console.log(`wrote ${out}`);
