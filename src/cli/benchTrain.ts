// `npm run bench:train`: milliseconds per training step (one thread: forward, loss, backward,
// no optimizer) with the wasm kernels and with the native ones, plus the kernels that take the
// time. A script, not a test: numbers depend on the machine and its load.
//   npm run bench:train -- [--kernels wasm|native (one of them; default both, each in its own process)]
//                          [--batch 8] [--crop 64x128] [--runs 3] [--profile]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initNodeBackend } from '../training/backend';
import { replicaBatch } from '../training/batches';
import { batchGradients, trainableVariables } from '../training/gradients';
import { buildUnet } from '../model/unet';

const { values } = parseArgs({
  options: {
    kernels: { type: 'string' },
    batch: { type: 'string', default: '8' },
    crop: { type: 'string', default: '64x128' },
    runs: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
  },
});

if (!values.kernels) {
  // Kernels are registered per process: measure each set in a fresh one.
  const script = fileURLToPath(import.meta.url);
  const passOn = process.argv.slice(2);
  for (const kernels of ['wasm', 'native']) {
    const child = spawnSync(process.execPath, [...process.execArgv, script, '--kernels', kernels, ...passOn], { stdio: 'inherit' });
    if (child.status !== 0) process.exitCode = child.status ?? 1;
  }
} else {
  const { native } = await initNodeBackend('wasm', { native: values.kernels === 'native' });
  if (values.kernels === 'native' && !native) {
    process.stdout.write('native: not built (npm run build:native)\n');
  } else {
    const [height, width] = values.crop.split('x').map(Number);
    const batch = Number(values.batch);
    const model = buildUnet({ height, width });
    const variables = trainableVariables(model);
    const classWeights = tf.ones([19]) as tf.Tensor1D;
    const plan = { batch, replicas: 1, crop: { height, width }, sceneSize: { height: 128, width: 256 }, cropsPerScene: 1, seed: 1 };
    const data = replicaBatch(plan, 0, 0);
    const step = () => batchGradients(model, variables, data, classWeights, 0.5);
    step(); // warm-up: kernel plans, buffers
    const times = Array.from({ length: Number(values.runs) }, () => {
      const started = performance.now();
      step();
      return performance.now() - started;
    }).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    process.stdout.write(`${values.kernels.padEnd(7)} batch ${batch} of ${height}×${width}: ${median.toFixed(0)} ms per step (median of ${times.length})\n`);
    if (values.profile) {
      const info = await tf.profile(() => void step());
      const byKernel = new Map<string, number>();
      for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
      const top = [...byKernel.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
      process.stdout.write(top.map(([name, ms]) => `  ${name.padEnd(26)} ${ms.toFixed(0).padStart(5)} ms`).join('\n') + '\n');
    }
    tf.dispose([data.x, data.labels, classWeights]);
    model.dispose();
  }
}
