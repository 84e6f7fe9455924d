// `npm run cam`: Seg-Grad-CAM from the command line (Node, wasm or cpu backend).
// See CAM_USAGE in args.ts and the README's "Command line".
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../engine/backends';
import type { Explainer } from '../engine/explainer';
import { methodFence, outputRawOf } from '../engine/methodFences';
import { maskSize } from '../mask/mask';
import { toModelInput } from '../engine/preprocess';
import { readImage, readImageRgba } from '../files/image';
import { fitImage } from '../imaging/fitImage';
import { ModelLoadError } from '../model/loadModel';
import { loadModelFromDisk } from '../model/loadModelNode';
import { isOnnxName } from '../model/onnxName';
import { loadOnnxFromDisk } from '../model/loadOnnxNode';
import { disposeNetwork, explainerFor, type LoadedNetwork } from '../model/network';
import { CAM_USAGE, parseCamArgs, UsageError, type CamArgs } from './args';
import { layerFileName, writeCamOutputs } from './camOutputs';
import { prepareOutputDir, removeCreated } from './outputDir';
import { buildTargetMask, inputToOutputPixel, resolveClass } from './camTarget';

export const DEFAULT_MODEL = fileURLToPath(new URL('../../public/models/unet-streets/model.json', import.meta.url));

export interface CamIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const consoleIo: CamIo = {
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
};

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** A file that cannot be read is bad input (exit code 2), not a crash. */
function asUsageError<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function explainToFiles(args: CamArgs, outDir: string, io: CamIo): Promise<void> {
  const started = performance.now();
  const modelPath = resolve(args.model ?? DEFAULT_MODEL);
  if (!args.model && !existsSync(modelPath)) {
    throw new UsageError(`no --model given and the default model ${modelPath} is missing (train it with npm run train)`);
  }
  const image = asUsageError(() => readImageRgba(args.image, 'image'));

  tf.env().set('PROD', true); // silences tfjs's console banners; our output stays clean
  const backend = await initBackend(args.backend);

  const t0 = performance.now();
  const network: LoadedNetwork = isOnnxName(modelPath)
    ? loadOnnxFromDisk(modelPath, args.descriptor)
    : await loadModelFromDisk(modelPath, args.descriptor);
  const { descriptor, warnings } = network;
  let explainer: Explainer | undefined;
  let input: tf.Tensor4D | undefined;
  try {
    try {
      explainer = explainerFor(network);
    } catch (e) {
      throw new UsageError(`${args.model ?? modelPath}: ${(e as Error).message}`);
    }
    const loadMs = performance.now() - t0;
    const size = explainer.inputSize;
    // The app's pipeline, so the same file gives the same model input and heatmaps here and there.
    const { rgb } = fitImage(image, size, args.fit);
    input = toModelInput(rgb, size.height, size.width, 3, descriptor.preprocess);

    const t1 = performance.now();
    const { labels } = await explainer.segment(input);
    const predictMs = performance.now() - t1;

    const output = explainer.outputSize;
    const classNames = descriptor.classes.map((c) => c.name);
    let classIndex: number;
    if (args.classRef !== undefined) {
      classIndex = resolveClass(args.classRef, descriptor.classes);
    } else if (args.target.kind === 'pixel') {
      const p = inputToOutputPixel(args.target.row, args.target.col, size, output);
      classIndex = labels[p.row * output.width + p.col];
    } else {
      throw new UsageError('--class is required');
    }
    const mask = buildTargetMask({
      spec: args.target, classIndex, labels, input: size, output, classNames, readMask: (path) => asUsageError(() => readImage(path, 'mask')),
    });
    const known = new Set(explainer.layers.map((l) => l.name));
    const layers = args.layers === 'all' ? explainer.layers.map((l) => l.name) : (args.layers ?? [explainer.defaultLayer]);
    const unknown = layers.filter((l) => !known.has(l));
    if (unknown.length > 0) {
      throw new UsageError(`unknown --layer ${unknown.join(', ')}; explainable layers: ${[...known].join(', ')}`);
    }

    const t2 = performance.now();
    const [explanation] = await explainer.explain(input, { classIndex, mask: mask.bits }, { layers, methods: [args.method] });
    const explainMs = performance.now() - t2;

    const summary = {
      model: { path: modelPath, name: descriptor.name, numClasses: explainer.numClasses, input: size, output },
      image: { path: resolve(args.image), width: image.width, height: image.height, resized: image.height !== size.height || image.width !== size.width, fit: args.fit },
      class: { index: classIndex, name: classNames[classIndex] },
      target: { ...args.target, maskSize: maskSize(mask) },
      maskSize: maskSize(mask),
      method: args.method,
      score: explanation.score,
      backend,
      timings: { loadMs, predictMs, explainMs, totalMs: performance.now() - started },
    };
    const outputLayer = explainer.layers.at(-1)?.name;
    const outputRaw = outputRawOf(explanation.layers, outputLayer);
    const fences = explanation.layers.map((l) => methodFence(args.method, l, { mask: mask.bits, outputSize: output, isOutput: l.layer === outputLayer, outputRaw }));
    fences.forEach((f, i) => f && warnings.push(`${explanation.layers[i].layer}: ${f.reason} (no ${layerFileName(explanation.layers[i].layer)}.png written)`));
    const written = writeCamOutputs({
      dir: outDir, explanation, rgb, input: size, labels, output, colormap: args.colormap, summary, fences,
    });
    // Warnings only after success, so that a failure stays one line on stderr.
    for (const w of warnings) io.stderr(`warning: ${w}`);
    io.stdout(
      `${descriptor.name}: class "${classNames[classIndex]}", |M| = ${maskSize(mask)}, ${args.method} on ${written.length} layer(s), ` +
        `${backend} backend, explained in ${explainMs.toFixed(0)} ms → ${resolve(args.out)}`,
    );
  } finally {
    input?.dispose();
    explainer?.dispose();
    disposeNetwork(network);
  }
}

/** Runs the CLI; returns the exit code (0 ok, 2 bad arguments or input, 1 unexpected failure). */
export async function main(argv: readonly string[], io: CamIo = consoleIo): Promise<number> {
  try {
    const args = parseCamArgs(argv);
    if (args.help) {
      io.stdout(CAM_USAGE);
      return 0;
    }
    const output = prepareOutputDir(args.out);
    try {
      await explainToFiles(args, output.dir, io);
    } catch (e) {
      removeCreated(output);
      throw e;
    }
    return 0;
  } catch (e) {
    const bad = e instanceof UsageError || e instanceof ModelLoadError;
    io.stderr(`cam: ${oneLine(e instanceof Error ? e.message : String(e))}`);
    return bad ? 2 : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
