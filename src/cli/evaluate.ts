// npm run evaluate -- [--scenes 100] [--quick] [--minutes M] [--faith-scenes N] [--cascade-scenes N] [--bias-scenes N] [--out EVALUATION.md]
// Measures what the heatmaps are worth (src/evaluation) and writes EVALUATION.md with SVG figures.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { Explainer } from '../engine/explainer';
import { cascadeBlockNames } from '../engine/metrics/randomizeModel';
import { initNodeBackend } from '../training/backend';
import { evaluateModel } from '../training/evaluate';
import { formatDuration, ProgressLine } from '../training/progress';
import { evalSeeds } from '../training/seeds';
import { loadModelFromDisk } from '../model/loadModelNode';
import { generateScene } from '../scenes/generate';
import type { BiasName } from '../scenes/types';
import { MeanTable } from '../evaluation/accumulator';
import { biasCases, cueEnergy, cueRemoval } from '../evaluation/biasExperiment';
import { renderReport, type BiasResult } from '../evaluation/report';
import { emptyTables, sweepScene, type SweepContext } from '../evaluation/sweep';

const { values } = parseArgs({
  options: {
    scenes: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'faith-scenes': { type: 'string' },
    'cascade-scenes': { type: 'string' },
    'bias-scenes': { type: 'string' },
    'miou-scenes': { type: 'string' },
    steps: { type: 'string', default: '8' },
    'faith-layers': { type: 'string', default: 'bottleneck,dec2,dec1' },
    minutes: { type: 'string' },
    model: { type: 'string', default: 'public/models/unet-streets' },
    biased: { type: 'string', default: 'public/models/unet-streets-biased' },
    out: { type: 'string', default: 'EVALUATION.md' },
    figures: { type: 'string', default: 'docs/evaluation' },
    native: { type: 'string', default: 'auto' },
  },
});

const quick = values.quick;
const int = (v: string | undefined, fallback: number) => (v === undefined ? fallback : Number(v));
const sceneCount = int(values.scenes, quick ? 12 : 100);
const faithScenes = Math.min(sceneCount, int(values['faith-scenes'], quick ? 4 : 20));
const cascadeScenes = Math.min(sceneCount, int(values['cascade-scenes'], quick ? 4 : 20));
const biasScenes = int(values['bias-scenes'], quick ? 60 : 200);
const miouScenes = int(values['miou-scenes'], quick ? 40 : 100);
const steps = Number(values.steps);
const BLOCKS = ['enc1', 'enc2', 'enc3', 'enc4', 'bottleneck', 'dec4', 'dec3', 'dec2', 'dec1', 'logits'];
const FAITH_LAYERS = values['faith-layers'].split(',');
// A time budget ends the scene sweep early; the report says how many scenes it covered.
const deadline = values.minutes === undefined ? Infinity : Date.now() + Number(values.minutes) * 60_000;

const started = Date.now();
const progress = new ProgressLine(process.stderr, 1);
const { native } = await initNodeBackend('wasm', { native: values.native !== 'off' });
progress.log(`backend wasm${native ? ' with the native convolutions' : ''}`);

async function load(dir: string): Promise<SweepContext> {
  const { model, descriptor } = await loadModelFromDisk(join(dir, 'model.json'));
  const explainer = Explainer.create(model, { inputSize: descriptor.input, output: descriptor.output, defaultLayer: descriptor.defaultLayer });
  return { model, descriptor, explainer };
}

function bar(done: number, total: number, what: string): void {
  const width = 24;
  const filled = Math.round((done / Math.max(1, total)) * width);
  const elapsed = (Date.now() - started) / 1000;
  progress.update(`${what} ${done}/${total} ▕${'█'.repeat(filled)}${'░'.repeat(width - filled)}▏ ${formatDuration(elapsed)} elapsed`);
}

const plain = await load(values.model);
const layers = BLOCKS.filter((b) => plain.explainer.layers.some((l) => l.name === b));
const { height, width } = plain.descriptor.input;
const tables = emptyTables();
const seeds = evalSeeds(sceneCount);
let targets = 0;
let swept = 0;
for (const [i, seed] of seeds.entries()) {
  if (Date.now() > deadline) {
    progress.log(`time budget reached after ${i} scenes`);
    break;
  }
  swept = i + 1;
  const scene = generateScene(seed, { height, width });
  targets += await sweepScene(
    plain,
    scene,
    { layers, faithfulness: i < faithScenes ? { layers: FAITH_LAYERS, steps } : null, cascadeDepth: i < cascadeScenes ? Infinity : 0 },
    tables,
  );
  bar(i + 1, seeds.length, 'scenes');
}
progress.log(`swept ${swept} scenes, ${targets} targets`);

let bias: BiasResult | null = null;
const biasFile = join(values.biased, 'bias.json');
if (existsSync(biasFile)) {
  const { bias: name, class: className } = JSON.parse(readFileSync(biasFile, 'utf8')) as { bias: BiasName; class: string };
  const biased = await load(values.biased);
  const classIndex = biased.descriptor.classes.findIndex((c) => c.name === className);
  const cases = biasCases(evalSeeds(Math.min(300, biasScenes)), name, classIndex, { height, width });
  const energy = new MeanTable();
  let done = 0;
  const tick = () => bar(++done, 2 * cases.length, 'bias cases');
  await cueEnergy(biased, cases, classIndex, layers, energy, 'biased', tick);
  await cueEnergy(plain, cases, classIndex, layers, energy, 'unbiased', tick);
  const removal = { biased: cueRemoval(biased, cases, name, classIndex), unbiased: cueRemoval(plain, cases, name, classIndex) };
  progress.log(`bias: ${cases.length} cases; mIoU on ${miouScenes} scenes…`);
  const sceneSet = (withBias: boolean) => evalSeeds(miouScenes).map((s) => generateScene(s, { height, width, bias: withBias ? { name } : undefined }));
  const numClasses = biased.descriptor.classes.length;
  const miou = {
    biasedOnBiased: evaluateModel(biased.model, sceneSet(true), numClasses),
    unbiasedOnPlain: evaluateModel(plain.model, sceneSet(false), numClasses),
    unbiasedOnBiased: evaluateModel(plain.model, sceneSet(true), numClasses),
  };
  bias = {
    bias: name,
    className,
    cases: cases.length,
    cueAreaShare: cases.reduce((a, c) => a + c.cueAreaShare, 0) / Math.max(1, cases.length),
    energy,
    removal,
    miou,
  };
} else {
  progress.log(`no ${biasFile}: the planted-bias section is left out`);
}

const command = `npm run evaluate -- ${process.argv.slice(2).join(' ')}`.trim();
const { markdown, figures } = renderReport({
  command,
  seconds: (Date.now() - started) / 1000,
  scenes: swept,
  firstSeed: seeds[0],
  targets,
  faithScenes: Math.min(faithScenes, swept),
  cascadeScenes: Math.min(cascadeScenes, swept),
  faithSteps: steps,
  layers,
  faithLayers: FAITH_LAYERS.filter((l) => layers.includes(l)),
  defaultLayer: plain.explainer.defaultLayer,
  cascadeBlocks: cascadeBlockNames(plain.model),
  tables,
  bias,
  figureDir: values.figures,
});
mkdirSync(values.figures, { recursive: true });
for (const f of figures) writeFileSync(join(values.figures, f.file), f.svg);
mkdirSync(dirname(values.out) || '.', { recursive: true });
// A hand-written reading of the numbers below KEPT_MARKER survives a re-run (check it still holds).
const KEPT_MARKER = '<!-- kept by evaluate -->';
const previous = existsSync(values.out) ? readFileSync(values.out, 'utf8') : '';
const kept = previous.includes(KEPT_MARKER) ? previous.slice(previous.indexOf(KEPT_MARKER)) : '';
writeFileSync(values.out, kept ? `${markdown.trimEnd()}\n\n${kept}` : markdown);
writeFileSync(join(values.figures, 'tables.json'), JSON.stringify({ ...tables, bias }, null, 1) + '\n');
progress.log(`wrote ${values.out} and ${figures.length} figures in ${values.figures} (${formatDuration((Date.now() - started) / 1000)})`);
