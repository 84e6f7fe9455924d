// npm run train -- [--steps N] [--batch B] [--minutes M] [--threads T] [--resume] [--out DIR] [--checkpoint-dir DIR]
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { initNodeBackend } from '../training/backend';
import { calibrateOnValidationScenes } from '../training/logitBiases';
import { saveModelDir, unetDescriptor } from '../training/saveModel';
import { formatDuration, ProgressLine } from '../training/progress';
import { resizeModel, trainUnet, type TrainOptions, type TrainState } from '../training/trainLoop';
import { writeTrainingSummary } from '../training/summary';
import { writeBiasFile } from '../training/biasFile';
import { BIAS_NAMES, type BiasName, type SceneBias } from '../scenes/types';
import { UNET_INPUT_HEIGHT, UNET_INPUT_WIDTH, UNET_NUM_CLASSES } from '../model/unet';

export const TRAINED_MODEL_NAME = 'U-Net (synthetic streets)';

/** Training scenes hold more of the rarest objects than the held-out scenes (which use the defaults). */
const RARE_CLASS_BOOST = { train: 4, rider: 3, bicycle: 3, motorcycle: 3, person: 1.5, truck: 1.5, bus: 1.5 };

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '8' },
    minutes: { type: 'string', default: '85' },
    threads: { type: 'string', default: String(Math.min(2, availableParallelism())) },
    focus: { type: 'string', default: '0.5' },
    'weight-cap': { type: 'string', default: '25' },
    lr: { type: 'string', default: '0.002' },
    dice: { type: 'string', default: '0.5' },
    crop: { type: 'string', default: '128x128' },
    base: { type: 'string', default: '16' },
    seed: { type: 'string', default: '42' },
    'crops-per-scene': { type: 'string', default: '1' },
    'checkpoint-every': { type: 'string', default: '50' },
    'checkpoint-dir': { type: 'string', default: '.cache/train' },
    out: { type: 'string', default: 'public/models/unet-streets' },
    native: { type: 'string', default: 'auto' },
    resume: { type: 'boolean', default: false },
    bias: { type: 'string' },
    init: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'npm run train -- [--steps 20000] [--batch 8] [--minutes 85 (0 = no limit)] [--threads 2] [--crop 128x128] [--lr 0.002]\n' +
      '                 [--crops-per-scene 1] [--dice 0.5] [--focus 0.5] [--weight-cap 25] [--resume] [--checkpoint-dir .cache/train] [--checkpoint-every 50] [--out public/models/unet-streets]\n' +
      '                 [--bias marked-rider (a planted bias in every training and calibration scene)] [--init DIR (fine-tune: start from that model\'s weights)]\n' +
      '                 [--native auto|off (the native kernels when built by npm run build:native)]\n',
  );
  process.exit(0);
}

function parseBias(name: string | undefined): SceneBias | undefined {
  if (name === undefined) return undefined;
  if (!(BIAS_NAMES as readonly string[]).includes(name)) throw new Error(`--bias must be one of ${BIAS_NAMES.join(', ')}`);
  return { name: name as BiasName };
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
  minutes: Number(values.minutes) > 0 ? Number(values.minutes) : undefined,
  checkpointDir: values['checkpoint-dir'],
  checkpointEvery: Number(values['checkpoint-every']),
  resume: values.resume,
  frequencyScenes: 200,
  cropsPerScene: Number(values['crops-per-scene']),
  threads: Number(values.threads),
  focusProbability: Number(values.focus),
  classWeightCap: Number(values['weight-cap']),
  classFrequency: RARE_CLASS_BOOST,
  bias: parseBias(values.bias),
  initFrom: values.init,
};

const { native } = await initNodeBackend('wasm', { native: values.native !== 'off' });
opts.native = native;
const progress = new ProgressLine();
progress.log(native ? 'kernels: native (native/training-kernels)' : 'kernels: wasm (npm run build:native for the faster native ones)');
progress.log(`training ${JSON.stringify(opts)}`);
// Checkpoints export the raw weights; the final export also folds in the calibrated logit offsets.
const exportModel = async (trained: Parameters<typeof resizeModel>[0], state: TrainState, calibrate = false) => {
  const full = resizeModel(trained, UNET_INPUT_HEIGHT, UNET_INPUT_WIDTH, base);
  const calibration = calibrate ? calibrateOnValidationScenes(full, UNET_NUM_CLASSES, undefined, opts.bias) : undefined;
  if (calibration) {
    progress.log(`calibrated logit offsets on ${calibration.scenes} validation scenes: mIoU ${calibration.miouBefore.toFixed(3)} → ${calibration.miouAfter.toFixed(3)}`);
  }
  await saveModelDir(full, values.out, unetDescriptor(opts.bias ? `${TRAINED_MODEL_NAME}, biased: ${opts.bias.name}` : TRAINED_MODEL_NAME));
  if (opts.bias) await writeBiasFile(values.out, opts.bias.name);
  full.dispose();
  await writeTrainingSummary(values.out, opts, state, calibration);
  const step = state.step;
  progress.log(`step ${step}: checkpoint in ${opts.checkpointDir}, model in ${values.out}`);
};
const { model, state } = await trainUnet(
  opts,
  { progress, onCheckpoint: (m, s) => exportModel(m, s) },
);
await exportModel(model, state, true);
progress.log(`done: ${state.step} steps in ${formatDuration(state.seconds)}`);
