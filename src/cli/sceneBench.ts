// Benchmark, not a test: generation speed and each class's pixel share over N seeds.
//   npx tsx src/cli/sceneBench.ts [--seeds 300] [--width 256 --height 128]
import { CITYSCAPES_CLASSES } from '../datasets/cityscapes';
import { generateScene } from '../scenes/generate';
import { countLabels } from '../scenes/stats';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seeds = arg('seeds', 300);
const width = arg('width', 256);
const height = arg('height', 128);

for (let s = 0; s < 10; s++) generateScene(1_000_000 + s, { width, height }); // warm up the JIT
const counts = new Float64Array(CITYSCAPES_CLASSES.length + 1);
const present = new Array<number>(CITYSCAPES_CLASSES.length).fill(0);
const start = performance.now();
const cpuStart = process.cpuUsage();
for (let s = 0; s < seeds; s++) {
  const scene = generateScene(s, { width, height });
  const per = countLabels(scene.labels);
  per.forEach((n, i) => {
    counts[i] += n;
    if (i < present.length && n > 0) present[i]++;
  });
}
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const total = seeds * width * height;
console.log(`${seeds} scenes at ${height}×${width}: ${(seeds / seconds).toFixed(1)} scenes/s wall clock, ${(seeds / cpuSeconds).toFixed(1)} scenes/s of CPU time (${((cpuSeconds / seeds) * 1000).toFixed(2)} ms CPU each, one thread)`);
console.log(`load average while measuring: ${(await import('node:os')).loadavg()[0].toFixed(1)} (2 cores shared)`);
console.log('class            pixel share   scenes with it');
CITYSCAPES_CLASSES.forEach((c, i) => {
  console.log(`${c.name.padEnd(16)} ${((counts[i] / total) * 100).toFixed(3).padStart(8)} %   ${((present[i] / seeds) * 100).toFixed(0).padStart(4)} %`);
});
console.log(`${'void'.padEnd(16)} ${((counts[CITYSCAPES_CLASSES.length] / total) * 100).toFixed(3).padStart(8)} %`);
