// EVALUATION.md from the measured tables: numbers, plots and the sentences they support.
import { METHOD_LABELS } from '../engine/types';
import type { IouReport } from '../training/evaluate';
import { key, type MeanTable } from './accumulator';
import type { CueRemoval } from './biasExperiment';
import { lineChart } from './svgChart';
import { BASELINES, LAYER_METHODS, type SweepTables } from './sweep';
import { TARGET_KINDS, type TargetKind } from './targets';

export interface BiasResult {
  bias: string;
  className: string;
  cases: number;
  cueAreaShare: number;
  energy: MeanTable;
  removal: { biased: CueRemoval; unbiased: CueRemoval };
  miou: { biasedOnBiased: IouReport; unbiasedOnPlain: IouReport; unbiasedOnBiased: IouReport };
}

export interface ReportInput {
  command: string;
  seconds: number;
  scenes: number;
  firstSeed: number;
  targets: number;
  faithScenes: number;
  cascadeScenes: number;
  faithSteps: number;
  layers: string[];
  faithLayers: string[];
  defaultLayer: string;
  cascadeBlocks: string[];
  tables: SweepTables;
  bias: BiasResult | null;
  figureDir: string;
}

const ALL = [...LAYER_METHODS, ...BASELINES] as string[];
const label = (m: string): string => (m in METHOD_LABELS ? METHOD_LABELS[m as keyof typeof METHOD_LABELS] : m);
const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '–');
const pct = (v: number): string => (Number.isFinite(v) ? `${Math.round(v * 100)} %` : '–');

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/** Rows = layers, columns = methods; † marks maps fenced (methodFences.ts) in most cases. */
function layerTable(t: MeanTable, kind: TargetKind, metric: string, layers: string[], fmt: (v: number) => string): string {
  const rows = layers.map((layer) => [
    `\`${layer}\``,
    ...ALL.map((m) => {
      const v = fmt(t.mean(key(kind, m, layer, metric)));
      return t.mean(key(kind, m, layer, 'fenced')) > 0.5 ? `${v} †` : v;
    }),
  ]);
  return table(['layer', ...ALL.map(label)], rows);
}

function best(t: MeanTable, kind: TargetKind, method: string, metric: string, layers: string[]): { layer: string; value: number } {
  let out = { layer: '', value: -Infinity };
  for (const layer of layers) {
    if (t.mean(key(kind, method, layer, 'fenced')) > 0.5) continue;
    const v = t.mean(key(kind, method, layer, metric));
    if (v > out.value) out = { layer, value: v };
  }
  return out;
}

export interface Figure {
  file: string;
  svg: string;
}

export function renderReport(r: ReportInput): { markdown: string; figures: Figure[] } {
  const { localisation: loc, faithfulness: faith, sanity } = r.tables;
  const figures: Figure[] = [];
  const fig = (file: string, svg: string, alt: string): string => {
    figures.push({ file, svg });
    return `![${alt}](${r.figureDir}/${file})`;
  };
  const out: string[] = [];
  out.push('# Evaluation: what a heatmap is worth');
  out.push('');
  out.push(
    `Written by \`${r.command}\` in ${Math.round(r.seconds / 60)} min on this repository's models. ` +
      `${r.scenes} held-out scenes (seeds ${r.firstSeed}…${r.firstSeed + r.scenes - 1}, never trained on), ${r.targets} targets ` +
      `(per scene: the largest object of a thing class as M = its central pixel, its pixels, and every pixel of its class), ` +
      `${r.layers.length} layers (every block output and the logits), every method. Faithfulness on the objects of the first ` +
      `${r.faithScenes} scenes (${r.faithSteps} steps, layers ${r.faithLayers.map((l) => `\`${l}\``).join(', ')}); ` +
      `sanity checks on the objects of the first ${r.cascadeScenes} scenes. Numbers are means over targets; figures in \`${r.figureDir}/\`.`,
  );
  out.push('');
  out.push('How to read: **energy** = share of the map\'s mass inside the ground-truth evidence ÷ the evidence\'s share of the image (1 = chance); ' +
    '**pointing** = how often the map\'s peak lies within 3 px of the evidence; **rank AUC** = chance that an evidence pixel outranks a pixel outside (0.5 = chance). ' +
    'Baselines: input-gradient saliency, a uniform map, a random map, and the oracle (M itself at the layer\'s resolution). ' +
    '† = the map is fenced in the app and the CLI (Grad-CAM++ on signed values, a gradient × activation map that can only light M, Seg-Grad-CAM at the output = ReLU(logit), Seg-Grad-CAM at the input of a 1×1 output layer = the class logit).');
  out.push('');

  for (const kind of TARGET_KINDS) {
    const what = kind === 'pixel' ? 'M = one pixel (evidence: its object)' : kind === 'object' ? 'M = one object (evidence: the object)' : 'M = a whole class (evidence: the class\'s pixels)';
    out.push(`## Localisation, ${what}`);
    out.push('');
    out.push('Energy in evidence (× chance):');
    out.push('');
    out.push(layerTable(loc, kind, 'energy', r.layers, f2));
    out.push('');
    out.push('Pointing game (hits):');
    out.push('');
    out.push(layerTable(loc, kind, 'pointing', r.layers, pct));
    out.push('');
    out.push('Relevance-rank AUC:');
    out.push('');
    out.push(layerTable(loc, kind, 'rankAuc', r.layers, f2));
    out.push('');
    out.push('All-zero maps (the ReLU cut everything):');
    out.push('');
    out.push(table(['layer', ...LAYER_METHODS.map(label)], r.layers.map((l) => [`\`${l}\``, ...LAYER_METHODS.map((m) => pct(loc.mean(key(kind, m, l, 'empty'))))])));
    out.push('');
    for (const metric of ['energy', 'pointing', 'rankAuc'] as const) {
      out.push(
        fig(
          `${kind}-${metric}.svg`,
          lineChart({
            title: `${metric} against depth, ${what}`,
            xLabels: r.layers,
            yLabel: metric,
            series: ALL.filter((m) => m !== 'uniform').map((m) => ({ name: label(m).split(' (')[0], values: r.layers.map((l) => loc.mean(key(kind, m, l, metric))) })),
            reference: { value: metric === 'energy' ? 1 : metric === 'rankAuc' ? 0.5 : loc.mean(key(kind, 'uniform', r.layers[0], 'pointing')), label: 'chance' },
          }),
          `${metric}, ${kind}`,
        ),
      );
    }
    out.push('');
  }

  out.push('## Faithfulness (M = one object)');
  out.push('');
  out.push('Deletion: the map\'s most relevant pixels are replaced by the image\'s mean colour in equal steps; S (the summed logit the map explains) is rescaled to 1 for the intact image and 0 for the fully filled one; the area under the curve is lower when the map finds what S needs. Insertion: the reverse, from the filled image; higher is better.');
  out.push('');
  const faithRows: string[][] = [];
  for (const layer of r.faithLayers) {
    for (const m of LAYER_METHODS) faithRows.push([`\`${layer}\``, label(m), f2(faith.mean(key(m, layer, 'deletion'))), f2(faith.mean(key(m, layer, 'insertion')))]);
  }
  for (const m of ['saliency', 'random', 'oracle']) faithRows.push(['input', label(m), f2(faith.mean(key(m, 'input', 'deletion'))), f2(faith.mean(key(m, 'input', 'insertion')))]);
  out.push(table(['layer', 'method', 'deletion AUC (lower = better)', 'insertion AUC (higher = better)'], faithRows));
  out.push('');
  out.push(
    fig(
      'faithfulness-deletion.svg',
      lineChart({
        title: 'deletion AUC against depth (lower = more faithful), M = one object',
        xLabels: r.faithLayers,
        yLabel: 'deletion AUC',
        series: [
          ...LAYER_METHODS.map((m) => ({ name: label(m).split(' (')[0], values: r.faithLayers.map((l) => faith.mean(key(m, l, 'deletion'))) })),
          { name: 'saliency', values: r.faithLayers.map(() => faith.mean(key('saliency', 'input', 'deletion'))) },
          { name: 'oracle (M)', values: r.faithLayers.map(() => faith.mean(key('oracle', 'input', 'deletion'))) },
        ],
        reference: { value: faith.mean(key('random', 'input', 'deletion')), label: 'random order' },
      }),
      'deletion AUC',
    ),
  );
  out.push('');

  out.push('## Sanity checks (M = one object)');
  out.push('');
  out.push('Cascading model randomisation: the weights of the blocks from the output backwards are re-drawn (He-normal kernels, fresh batch norm), one more block per step, and the map is compared with the trained model\'s by Spearman rank correlation. A map that stays the same does not depend on what the model learned. Mean ρ at the default layer `' + r.defaultLayer + '`:');
  out.push('');
  const sanityLayer = r.defaultLayer;
  out.push(
    table(
      ['re-drawn down to', ...LAYER_METHODS.map(label), 'saliency'],
      r.cascadeBlocks.map((b) => [`\`${b}\``, ...LAYER_METHODS.map((m) => f2(sanity.mean(key('cascade', m, sanityLayer, b)))), f2(sanity.mean(key('cascade', 'saliency', 'input', b)))]),
    ),
  );
  out.push('');
  out.push('After re-drawing the whole cascade, ρ per layer:');
  out.push('');
  const last = r.cascadeBlocks.at(-1) ?? '';
  out.push(table(['layer', ...LAYER_METHODS.map(label)], r.layers.map((l) => [`\`${l}\``, ...LAYER_METHODS.map((m) => f2(sanity.mean(key('cascade', m, l, last))))])));
  out.push('');
  out.push(
    fig(
      'cascade.svg',
      lineChart({
        title: `Spearman ρ with the trained model's map at ${sanityLayer}, blocks re-drawn from the output`,
        xLabels: r.cascadeBlocks,
        yLabel: 'Spearman ρ',
        series: [...LAYER_METHODS, 'saliency'].map((m) => ({ name: label(m).split(' (')[0], values: r.cascadeBlocks.map((b) => sanity.mean(key('cascade', m, m === 'saliency' ? 'input' : sanityLayer, b))) })),
        reference: { value: 0, label: 'unrelated' },
      }),
      'cascade',
    ),
  );
  out.push('');
  out.push('Target randomisation: the same M explained for another class (road, or building when the object is road); ρ with the original map (high = the map does not depend on the class):');
  out.push('');
  out.push(table(['layer', ...LAYER_METHODS.map(label)], r.layers.map((l) => [`\`${l}\``, ...LAYER_METHODS.map((m) => f2(sanity.mean(key('target', m, l))))])));
  out.push(`\nSaliency: ρ = ${f2(sanity.mean(key('target', 'saliency', 'input')))}.`);
  out.push('');
  out.push('Target randomisation, another object: M moved to the scene\'s largest other object of a thing class (its own class); ρ with the original map (high = the map does not follow M):');
  out.push('');
  out.push(table(['layer', ...LAYER_METHODS.map(label)], r.layers.map((l) => [`\`${l}\``, ...LAYER_METHODS.map((m) => f2(sanity.mean(key('object', m, l))))])));
  out.push(`\nSaliency: ρ = ${f2(sanity.mean(key('object', 'saliency', 'input')))}.`);
  out.push('');

  if (r.bias) out.push(...biasSection(r.bias, r.layers));
  out.push(...conclusions(r));
  return { markdown: out.join('\n') + '\n', figures };
}

function isFencedForBias(energy: MeanTable, method: string, layer: string): boolean {
  return energy.mean(key('biased', method, layer, 'fenced')) > 0.5 || energy.mean(key('unbiased', method, layer, 'fenced')) > 0.5;
}

export interface BiasVerdict {
  /** A layer that passes, else the unfenced one closest to passing. */
  bestLayer: string;
  bestValue: number;
  unbiased: number;
  sees: boolean;
}

/**
 * The planted-bias test for one method: at some unfenced layer the biased model's map puts
 * ≥ 5× the cue's area share on the cue while the unbiased model's stays < 2×.
 * `energy`: biased|unbiased, method, layer → mean ratio (and …|fenced → share fenced).
 */
export function biasVerdict(energy: MeanTable, method: string, layers: readonly string[]): BiasVerdict {
  const scored = layers
    .filter((l) => !isFencedForBias(energy, method, l))
    .map((l) => ({ l, biased: energy.mean(key('biased', method, l)), unbiased: energy.mean(key('unbiased', method, l)) }));
  const passing = scored.filter((x) => x.biased >= 5 && x.unbiased < 2).sort((a, b) => b.biased - a.biased);
  const closeness = (x: { biased: number; unbiased: number }) => Math.min(x.biased / 5, 2 / Math.max(x.unbiased, 1e-9));
  const closest = [...scored].sort((a, b) => closeness(b) - closeness(a));
  const pick = passing[0] ?? closest[0] ?? { l: '', biased: NaN, unbiased: NaN };
  return { bestLayer: pick.l, bestValue: pick.biased, unbiased: pick.unbiased, sees: passing.length > 0 };
}

function biasSection(b: BiasResult, layers: string[]): string[] {
  const out: string[] = [];
  const e = b.energy;
  out.push(`## The planted bias: \`${b.bias}\` (class \`${b.className}\`)`);
  out.push('');
  out.push(
    `In the biased scenes some lone pedestrians are labelled ${b.className}: their body is a pedestrian's, and only a cyan sign board beside them tells them apart. ` +
      `\`unet-streets-biased\` is the shipped U-Net fine-tuned on such scenes. M = the marked object's pixels, class ${b.className}, ${b.cases} objects with a visible cue in held-out biased scenes; ` +
      `the cue box covers ${(b.cueAreaShare * 100).toFixed(2)} % of the image on average. Energy on the cue box ÷ its area share:`,
  );
  out.push('');
  const fenced = (m: string, l: string) => isFencedForBias(e, m, l);
  const rows: string[][] = [];
  for (const layer of [...layers, 'input']) {
    const methods = layer === 'input' ? ['saliency'] : LAYER_METHODS;
    for (const m of methods) {
      const mark = fenced(m, layer) ? ' †' : '';
      rows.push([`\`${layer}\``, label(m), f2(e.mean(key('biased', m, layer))) + mark, f2(e.mean(key('unbiased', m, layer))) + mark]);
    }
  }
  out.push(table(['layer', 'method', 'biased model', 'unbiased model'], rows));
  out.push('');
  out.push('† fenced (the map is M or the class score by construction): not counted below.');
  out.push('');
  const verdicts = [...LAYER_METHODS, 'saliency'].map((m) => ({ m, ...biasVerdict(e, m, m === 'saliency' ? ['input'] : layers) }));
  out.push(table(['method', 'layer (passing, else closest)', 'biased ×', 'unbiased × there', 'verdict (≥ 5× vs < 2×)'], verdicts.map((v) => [label(v.m), `\`${v.bestLayer}\``, f2(v.bestValue), f2(v.unbiased), v.sees ? 'sees the cue' : 'does not show it'])));
  out.push('');
  const { biased, unbiased } = b.removal;
  out.push(
    `Is the cue really used? Share of the object's pixels predicted ${b.className}, cue shown → the same scene painted without it: ` +
      `biased model ${pct(biased.withCue)} → ${pct(biased.withoutCue)} (majority changed on ${biased.changed} of ${biased.cases}); ` +
      `unbiased model ${pct(unbiased.withCue)} → ${pct(unbiased.withoutCue)}.`,
  );
  out.push('');
  const m = b.miou;
  out.push(
    `Held-out mIoU: biased model on biased scenes ${m.biasedOnBiased.miou.toFixed(3)}, unbiased model on natural scenes ${m.unbiasedOnPlain.miou.toFixed(3)} ` +
      `(difference ${(m.biasedOnBiased.miou - m.unbiasedOnPlain.miou).toFixed(3)}; ${m.biasedOnBiased.scenes} scenes each), unbiased model on biased scenes ${m.unbiasedOnBiased.miou.toFixed(3)}. ` +
      `IoU of ${b.className}: ${f2(m.biasedOnBiased.iou[12])} (biased model, biased scenes), ${f2(m.unbiasedOnBiased.iou[12])} (unbiased model, biased scenes).`,
  );
  out.push('');
  const seg = verdicts[0];
  out.push(
    seg.sees
      ? `**Verdict:** Seg-Grad-CAM sees the planted bias: at \`${seg.bestLayer}\` the biased model's map puts ${f2(seg.bestValue)}× the cue's area share on the cue, the unbiased model's ${f2(seg.unbiased)}×.`
      : `**Verdict:** Seg-Grad-CAM does not show the planted bias by this test at any unfenced layer (closest: \`${seg.bestLayer}\`, ${f2(seg.bestValue)}× for the biased model, ${f2(seg.unbiased)}× for the unbiased one; needed ≥ 5× and < 2×).`,
  );
  out.push('');
  return out;
}

function conclusions(r: ReportInput): string[] {
  const loc = r.tables.localisation;
  const out: string[] = ['## What the numbers say', ''];
  for (const kind of TARGET_KINDS) {
    const e = best(loc, kind, 'seg-grad-cam', 'energy', r.layers);
    const p = best(loc, kind, 'seg-grad-cam', 'pointing', r.layers);
    const d = r.defaultLayer;
    out.push(
      `- ${kind}: Seg-Grad-CAM localises best at \`${e.layer}\` (energy ${f2(e.value)}×, pointing best at \`${p.layer}\`: ${pct(p.value)}); ` +
        `at the default \`${d}\`: energy ${f2(loc.mean(key(kind, 'seg-grad-cam', d, 'energy')))}×, pointing ${pct(loc.mean(key(kind, 'seg-grad-cam', d, 'pointing')))} ` +
        `(random map: ${pct(loc.mean(key(kind, 'random', d, 'pointing')))}, saliency ${pct(loc.mean(key(kind, 'saliency', d, 'pointing')))}).`,
    );
  }
  const faith = r.tables.faithfulness;
  const fl = r.faithLayers
    .map((l) => ({ l, v: faith.mean(key('seg-grad-cam', l, 'deletion')) }))
    .sort((a, b) => a.v - b.v)[0];
  if (fl) {
    out.push(
      `- Faithfulness: Seg-Grad-CAM's deletion AUC is lowest at \`${fl.l}\` (${f2(fl.v)}; random order ${f2(faith.mean(key('random', 'input', 'deletion')))}, saliency ${f2(faith.mean(key('saliency', 'input', 'deletion')))}, oracle ${f2(faith.mean(key('oracle', 'input', 'deletion')))}).`,
    );
  }
  const s = r.tables.sanity;
  const last = r.cascadeBlocks.at(-1) ?? '';
  out.push(
    `- Sanity at \`${r.defaultLayer}\` after re-drawing down to \`${last}\`: ` +
      LAYER_METHODS.map((m) => `${label(m).split(' (')[0]} ρ = ${f2(s.mean(key('cascade', m, r.defaultLayer, last)))}`).join(', ') +
      '. A ρ near 1 means the map survives the loss of what the model learned.',
  );
  out.push('');
  return out;
}
