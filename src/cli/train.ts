// npm run train -- [--steps N] [--batch B] [--minutes M] [--resume] [--out DIR] [--checkpoint-dir DIR]
import { parseArgs } from 'node:util';
import { generateScene } from '../scenes/generate';
import { initNodeBackend } from '../model/training/backend';
import { saveModelDir, unetDescriptor } from '../model/training/saveModel';
import { formatDuration, ProgressLine } from '../model/training/progress';
import { resizeModel, trainUnet, type TrainOptions, type TrainState } from '../model/training/trainLoop';
import { writeTrainingSummary } from '../model/training/summary';
import { UNET_INPUT_HEIGHT, UNET_INPUT_WIDTH } from '../model/unet';

export const TRAINED_MODEL_NAME = 'U-Net (synthetic streets)';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '2000' },
    batch: { type: 'string', default: '8' },
    minutes: { type: 'string' },
    lr: { type: 'string', default: '0.002' },
    dice: { type: 'string', default: '0.5' },
    crop: { type: 'string', default: '64x128' },
    base: { type: 'string', default: '16' },
    seed: { type: 'string', default: '42' },
    'crops-per-scene': { type: 'string', default: '2' },
    'checkpoint-every': { type: 'string', default: '50' },
    'checkpoint-dir': { type: 'string', default: '.cache/train' },
    out: { type: 'string', default: 'public/models/unet-streets' },
    resume: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'npm run train -- [--steps 2000] [--batch 8] [--minutes M] [--crop 64x128] [--lr 0.002] [--dice 0.5]\n' +
      '                 [--resume] [--checkpoint-dir .cache/train] [--checkpoint-every 50] [--out public/models/unet-streets]\n',
  );
  process.exit(0);
}

const [cropHeight, cropWidth] = values.crop.split('x').map(Number);
const base = Number(values.base);
const opts: TrainOptions = {
  steps: Number(values.steps),
  batch: Number(values.batch),
  crop: { height: cropHeight, width: cropWidth },
  sceneSize: { height: UNET_INPUT_HEIGHT, width: UNET_INPUT_WIDTH },
  base,
  learningRate: Number(values.lr),
  diceWeight: Number(values.dice),
  seed: Number(values.seed),
  minutes: values.minutes === undefined ? undefined : Number(values.minutes),
  checkpointDir: values['checkpoint-dir'],
  checkpointEvery: Number(values['checkpoint-every']),
  resume: values.resume,
  frequencyScenes: 200,
  cropsPerScene: Number(values['crops-per-scene']),
};

await initNodeBackend('wasm');
const progress = new ProgressLine();
progress.log(`training ${JSON.stringify(opts)}`);
const exportModel = async (trained: Parameters<typeof resizeModel>[0], state: TrainState) => {
  const full = resizeModel(trained, UNET_INPUT_HEIGHT, UNET_INPUT_WIDTH, base);
  await saveModelDir(full, values.out, unetDescriptor(TRAINED_MODEL_NAME));
  full.dispose();
  await writeTrainingSummary(values.out, opts, state);
  const step = state.step;
  progress.log(`step ${step}: checkpoint in ${opts.checkpointDir}, model in ${values.out}`);
};
const { model, state } = await trainUnet(
  opts,
  (seed, size) => generateScene(seed, size),
  { progress, onCheckpoint: (m, s) => exportModel(m, s) },
);
await exportModel(model, state);
progress.log(`done: ${state.step} steps in ${formatDuration(state.seconds)}`);
