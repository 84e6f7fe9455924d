import type * as tfl from '@tensorflow/tfjs-layers';
import { CITYSCAPES_CLASSES } from '../datasets/cityscapes';
import type { ModelDescriptor } from '../engine/types';
import type { IouReport } from './evaluate';
import { formatDuration } from './progress';
import type { TrainingSummary } from './summary';

const BLOCK_ROLE: [RegExp, string][] = [
  [/^image$/, 'input, RGB / 255'],
  [/^enc\d$/, 'encoder block: 2 × (conv 3×3 → BN → ReLU)'],
  [/^pool\d$/, 'max pool 2×2 (halves H and W)'],
  [/^bottleneck$/, 'bottleneck: 2 × (conv 3×3 → BN → ReLU), 1/16 resolution'],
  [/^up\d$/, 'nearest upsample ×2'],
  [/^concat\d$/, 'skip connection: upsampled ⧺ encoder block'],
  [/^dec\d$/, 'decoder block: 2 × (conv 3×3 → BN → ReLU)'],
  [/^logits$/, 'conv 1×1 → 19 class logits (no softmax)'],
];

function shapeOf(layer: tfl.layers.Layer): string {
  const shape = layer.outputShape as (number | null)[];
  return shape.slice(1).join(' × ');
}

/** The layers a reader needs (block outputs, pools, skips, logits) with shapes and roles. */
export function layerTable(model: tfl.LayersModel): string {
  const rows = ['| layer | output (H × W × C) | parameters in block | role |', '|---|---|---|---|'];
  let blockParams = 0;
  for (const layer of model.layers) {
    blockParams += layer.countParams();
    const role = BLOCK_ROLE.find(([re]) => re.test(layer.name));
    if (!role) continue;
    rows.push(`| \`${layer.name}\` | ${shapeOf(layer)} | ${blockParams.toLocaleString('en-US')} | ${role[1]} |`);
    blockParams = 0;
  }
  return rows.join('\n');
}

export function iouTable(report: IouReport): string {
  const rows = ['| class | IoU | pixel share |', '|---|---:|---:|'];
  const total = report.support.reduce((a, b) => a + b, 0);
  CITYSCAPES_CLASSES.forEach((c, i) => {
    const present = report.support[i] > 0;
    const iou = present ? report.iou[i].toFixed(3) : '— (absent)';
    rows.push(`| ${c.name} | ${iou} | ${((100 * report.support[i]) / total).toFixed(2)} % |`);
  });
  rows.push(`| **mIoU (classes present)** | **${report.miou.toFixed(3)}** | |`);
  rows.push(`| pixel accuracy | ${report.pixelAccuracy.toFixed(3)} | |`);
  return rows.join('\n');
}

function lossCurve(summary: TrainingSummary): string {
  const points = summary.losses;
  if (points.length === 0) return '';
  const picks = [0.02, 0.1, 0.25, 0.5, 0.75, 1].map((f) => points[Math.min(points.length - 1, Math.floor(f * (points.length - 1)))]);
  const unique = picks.filter((p, i) => picks.findIndex((q) => q.step === p.step) === i);
  return 'Smoothed training loss: ' + unique.map((p) => `step ${p.step}: ${p.loss.toFixed(3)}`).join(' · ') + '.';
}

const TARGET_MIOU = 0.8;

function threadsNote(threads: number): string {
  return threads === 1
    ? 'one thread'
    : `${threads} threads (each computes the gradients of its share of the batch; one Adam step on their mean)`;
}

function sceneBoostNote(summary: TrainingSummary): string {
  const boost = Object.entries(summary.classFrequency ?? {}).map(([name, f]) => `${name} ×${f}`);
  const parts = [];
  if (boost.length > 0) parts.push(`training scenes hold more of the rare objects than the held-out ones (${boost.join(', ')})`);
  if (summary.focusProbability) {
    parts.push(`${Math.round(summary.focusProbability * 100)} % of crops are placed around an object of a class picked by class weight`);
  }
  return parts.length > 0 ? ' To see the rare classes more often, ' + parts.join('; ') + '.' : '';
}

function throughputNote(summary?: TrainingSummary): string {
  if (!summary || summary.seconds <= 0) return 'a 2-core machine trains few crops per second';
  const cropsPerSecond = (summary.steps * summary.batch) / summary.seconds;
  return `a 2-core machine trains about ${cropsPerSecond.toFixed(1)} crops of ${summary.crop.height}×${summary.crop.width} per second`;
}

function kernelsNote(summary?: TrainingSummary): string {
  const used = summary?.kernels === 'native' ? 'This run used them.' : 'This run used the wasm kernels.';
  return (
    'Faster still, and optional: `npm run build:native` builds `native/training-kernels`, a Node addon with convolutions ' +
    "(forward and both gradients) from Debian's oneDNN (`libdnnl-dev`) and a fused training-mode batch norm, working on " +
    `the wasm heap in place; \`npm run train\` uses it when built (\`npm run bench:train\` compares). ${used}`
  );
}

function calibrationNote(summary: TrainingSummary): string {
  const c = summary.calibration;
  if (!c) return '';
  const offsets = CITYSCAPES_CLASSES.map((cls, i) => `${cls.name} ${c.biases[i] >= 0 ? '+' : ''}${c.biases[i].toFixed(1)}`);
  return (
    `\n- **Calibration:** per-class offsets added to the logits' bias, chosen by coordinate ascent to maximise mIoU on ` +
    `${c.scenes} validation scenes (seeds ${c.firstSeed.toLocaleString('en-US')} upward, the held-out scenes' generator options; ` +
    `never training or held-out seeds): mIoU there ${c.miouBefore.toFixed(3)} → ${c.miouAfter.toFixed(3)}. The loss's class ` +
    'weights make rare classes over-predicted; the offsets move each decision boundary back. A constant offset has no ' +
    `gradient, so explanations are unchanged; only the predicted classes move. Offsets: ${offsets.join(', ')}.`
  );
}

/** Says plainly whether the model reaches the project's target, and what the weak classes are. */
function targetNote(report: IouReport, summary?: TrainingSummary): string {
  const weak = CITYSCAPES_CLASSES.map((c, i) => ({ name: c.name, iou: report.iou[i], present: report.support[i] > 0 }))
    .filter((c) => c.present && c.iou < 0.5)
    .map((c) => `${c.name} ${c.iou.toFixed(2)}`);
  if (report.miou >= TARGET_MIOU) {
    const weakest = CITYSCAPES_CLASSES.map((c, i) => ({ name: c.name, iou: report.iou[i], present: report.support[i] > 0 }))
      .filter((c) => c.present && c.iou < 0.7)
      .map((c) => `${c.name} ${c.iou.toFixed(2)}`);
    const rest = weakest.length > 0 ? ` The weakest classes are small or thin at this resolution: ${weakest.join(', ')}.` : '';
    return `The project's target (mIoU ≥ ${TARGET_MIOU}) is met.${rest}`;
  }
  const budget = summary ? ` in ${summary.steps} steps (${formatDuration(summary.seconds)})` : '';
  return (
    `**Below target:** the project's target is mIoU ≥ ${TARGET_MIOU}; this model reaches ${report.miou.toFixed(3)}${budget}. ` +
    `Large classes are segmented well; the thin, small and rare ones are not yet (${weak.join(', ')}). ` +
    `The run is compute-bound: ${throughputNote(summary)}, and the ` +
    'loss was still falling when the time budget ended; `npm run train -- --resume --minutes <more>` ' +
    'continues from the checkpoint.'
  );
}

export interface ModelCardInput {
  model: tfl.LayersModel;
  descriptor: ModelDescriptor;
  report: IouReport;
  evalSeeds: { first: number; count: number };
  summary?: TrainingSummary;
  evalSeconds: number;
  weightBytes: number;
}

export function renderModelCard(input: ModelCardInput): string {
  const { model, descriptor, report, summary } = input;
  const params = model.countParams();
  const training = summary
    ? [
        `- **Steps:** ${summary.steps} Adam steps, batch ${summary.batch} random ${summary.crop.height}×${summary.crop.width} crops ` +
          `(${summary.cropsPerScene === 1 ? 'one crop' : `${summary.cropsPerScene} crops`} per scene, random horizontal flips) in ${formatDuration(summary.seconds)} of wall time ` +
          `on the wasm backend in Node${summary.kernels === 'native' ? ' with the native kernels' : ''}, ${threadsNote(summary.threads ?? 1)}.`,
        `- **Data:** ${summary.scenesSeen.toLocaleString('en-US')} scenes generated on the fly at 128×256 from seeds ` +
          `${summary.firstTrainSeed.toLocaleString('en-US')} upward (\`src/training/seeds.ts\`); never the held-out seeds.` +
          sceneBoostNote(summary),
        `- **Loss:** class-weighted cross-entropy (w = 1/ln(1.02 + pixel share), capped at ${summary.classWeightCap ?? 25}, void = 255 ignored) ` +
          `+ ${summary.diceWeight} × (1 − mean soft Dice over the classes in the batch).`,
        `- **Schedule:** learning rate ${summary.learningRate}, 50-step warm-up, cosine decay to 1/50; seed ${summary.seed}.`,
        `- ${lossCurve(summary)}${calibrationNote(summary)}`,
      ].join('\n')
    : '- No training summary found beside the weights (untrained or trained elsewhere).';

  return `# Model card: ${descriptor.name}

A small U-Net that segments the synthetic Cityscapes-style street scenes of \`src/scenes\` into the
19 Cityscapes train classes. It exists so that Seg-Grad-CAM Explorer opens on a real, trained
segmentation network whose behaviour can be explained. Files: \`public/models/unet-streets/\`
(\`model.json\`, \`weights.bin\` — ${(input.weightBytes / 1e6).toFixed(2)} MB, \`segcam.json\`, \`training.json\`).

## Architecture

Ronneberger-style U-Net, input ${descriptor.input.height}×${descriptor.input.width} RGB scaled to 0..1,
${params.toLocaleString('en-US')} parameters (float32). Four encoder blocks (16, 32, 64, 96 channels),
a bottleneck of 128 channels at 8×16, four decoder blocks that upsample (nearest), concatenate the
skip connection and apply two conv-BN-ReLU, and a 1×1 conv to 19 logits. No softmax in the model.

Why this size: training runs on wasm in Node on a 2-core machine, and a step
costs in proportion to multiply-adds per pixel × pixels per batch (about 43 k multiply-adds per
input pixel forward here). Channels double per level only up to 96/128 (a textbook base-16 U-Net
goes to 128/256 with 1.9 M parameters, 7.8 MB) so that the weights stay under 4 MB (3.7 MB) and
the deep levels stay cheap; 4 poolings keep a bottleneck of 8×16, fine enough for a class map the
explainer can show, coarse enough (receptive field ≈ 140 px) to see the whole scene height. Upsample + conv instead of transposed convs avoids a
strided-gradient kernel the wasm backend lacks. Block names (\`enc1\`…\`enc4\`, \`bottleneck\`,
\`dec4\`…\`dec1\`, \`logits\`) are what the layer slider shows.

${layerTable(model)}

## Training

${training}

The wasm backend cannot train convolutions as shipped (no \`Conv2DBackpropFilter\`, slow
\`Conv2DBackpropInput\`); \`src/training/wasmConvGrads.ts\` registers both, composed from the
backend's own XNNPACK convolution (the filter gradient is a convolution with batch and channels
swapped), and \`batchNormGrad.ts\` replaces a batch-norm gradient that tiled full-size tensors.
${kernelsNote(summary)}
The shipped run is \`npm run train\` with its defaults${summary?.minutes ? ` (a time budget of ${summary.minutes} minutes)` : ''};
\`--resume\` continues from \`.cache/train/\`, and \`--threads 1\` trains on one core.

## Evaluation

\`npm run eval:model\`: ${report.scenes} held-out scenes (seeds ${input.evalSeeds.first}…${input.evalSeeds.first + input.evalSeeds.count - 1},
never used in training) at 128×256, BatchNorm in inference mode. IoU per class over all pixels of
all scenes; mIoU over the classes present in the labels. (Evaluation took ${input.evalSeconds.toFixed(0)} s.)

${iouTable(report)}

${targetNote(report, summary)}

## Intended use and limits

- For explaining segmentation with Seg-Grad-CAM in this tool, and as a test bed with known ground
  truth (each scene's labels and objects come from the generator).
- It segments **synthetic scenes**, not photographs: it has never seen a camera image, real
  textures, real lighting or lens effects, and will fail on real street photos. For those, load a
  network trained on Cityscapes.
- Thin and small classes (poles, traffic lights and signs, riders, bicycles) are a few pixels wide
  at 128×256 and are the weakest; rare classes (train, rider) are seen less often in training.
- Its shortcuts are the generator's regularities (e.g. sky at the top, road at the bottom); that
  is what the explanations will show, and what a planted context bias can probe.
`;
}
