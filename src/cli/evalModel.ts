// npm run eval:model -- [--model public/models/unet-streets] [--scenes 300] [--card MODEL.md | --no-card]
import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';

const KEPT_MARKER = '<!-- kept by eval:model -->';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateScene } from '../scenes/generate';
import { initNodeBackend } from '../training/backend';
import { evaluateModel } from '../training/evaluate';
import { loadModelFromDisk } from '../model/loadModelNode';
import { iouTable, renderModelCard } from '../training/modelCard';
import { EVAL_SEED_FIRST, evalSeeds } from '../training/seeds';
import { readTrainingSummary } from '../training/summary';
import { UNET_INPUT_HEIGHT, UNET_INPUT_WIDTH, UNET_NUM_CLASSES } from '../model/unet';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'public/models/unet-streets' },
    scenes: { type: 'string', default: '300' },
    card: { type: 'string', default: 'MODEL.md' },
    'no-card': { type: 'boolean', default: false },
  },
});

await initNodeBackend('wasm', { native: true }); // native convolutions when built: same logits, faster
const dir = values.model;
const { model, descriptor } = await loadModelFromDisk(join(dir, 'model.json'));
const seeds = evalSeeds(Number(values.scenes));
const started = Date.now();
function* scenes() {
  for (const seed of seeds) yield generateScene(seed, { width: UNET_INPUT_WIDTH, height: UNET_INPUT_HEIGHT });
}
const report = evaluateModel(model, scenes(), UNET_NUM_CLASSES);
const evalSeconds = (Date.now() - started) / 1000;
process.stdout.write(`${descriptor.name}: ${report.scenes} held-out scenes, ${evalSeconds.toFixed(1)} s\n\n${iouTable(report)}\n`);

if (!values['no-card']) {
  const card = renderModelCard({
    model,
    descriptor,
    report,
    evalSeeds: { first: EVAL_SEED_FIRST, count: seeds.length },
    summary: await readTrainingSummary(dir),
    evalSeconds,
    weightBytes: (await stat(join(dir, 'weights.bin'))).size,
  });
  // Sections below KEPT_MARKER (the biased model's card) are written by hand and kept.
  const previous = existsSync(values.card) ? await readFile(values.card, 'utf8') : '';
  const kept = previous.includes(KEPT_MARKER) ? previous.slice(previous.indexOf(KEPT_MARKER)) : '';
  await writeFile(values.card, kept ? `${card.trimEnd()}\n\n${kept}` : card);
  process.stdout.write(`\nwrote ${values.card}\n`);
}
