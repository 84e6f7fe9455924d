// Reading model.json and its weight shards with errors that say what is wrong. Pure: the
// loaders for URLs, browser files and disk feed it text and bytes.
import type * as tf from '@tensorflow/tfjs-core';
import { formatBytes, MAX_MODEL_JSON_BYTES } from '../formats/limits';
import { manifestProblems, topologyProblems } from './validateModelJson';

/** A load failure; `problems` lists each thing that is wrong, one line each. */
export class ModelLoadError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('; '));
    this.name = 'ModelLoadError';
    this.problems = problems;
  }
}

export interface ModelJsonParts {
  modelTopology: object;
  weightSpecs: tf.io.WeightsManifestEntry[];
  /** Shard paths in manifest order, relative to model.json. */
  weightPaths: string[];
  /** Bytes the manifest says the shards hold together (already within MAX_MODEL_BYTES). */
  weightBytes: number;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const start = text.trimStart().slice(0, 15).replace(/\s+/g, ' ');
    throw new ModelLoadError([`${source} is not JSON (${(e as Error).message}; it starts with "${start}")`]);
  }
}

/**
 * Parses and validates model.json: a layers model whose graph tfjs can rebuild (see
 * validateModelJson.ts) and whose manifest is within the limits. Nothing is fetched yet.
 */
export function parseModelJson(text: string, source: string): ModelJsonParts {
  if (text.length > MAX_MODEL_JSON_BYTES) {
    throw new ModelLoadError([`${source} is ${formatBytes(text.length)}; model.json may be at most ${formatBytes(MAX_MODEL_JSON_BYTES)}`]);
  }
  const json = parseJsonText(text, source);
  if (!isObject(json)) throw new ModelLoadError([`${source}: expected a JSON object (a tfjs model.json)`]);
  const topology = json.modelTopology;
  const isGraph =
    json.format === 'graph-model' || (isObject(topology) && ('node' in topology || 'versions' in topology));
  if (isGraph) {
    throw new ModelLoadError([
      `${source} is a tfjs graph model; a layers model is needed ` +
        '(convert with tensorflowjs_converter --output_format=tfjs_layers_model)',
    ]);
  }
  if (!isObject(topology)) throw new ModelLoadError([`${source} has no "modelTopology": not a tfjs layers model`]);
  const manifest = json.weightsManifest;
  if (!Array.isArray(manifest)) throw new ModelLoadError([`${source} has no valid "weightsManifest" (groups of {paths, weights})`]);
  const { problems, summary } = manifestProblems(manifest, source);
  const graph = topologyProblems(topology, source);
  if (graph.length > 0 || problems.length > 0) throw new ModelLoadError([...graph, ...problems]);
  const groups = manifest as tf.io.WeightsManifestConfig;
  return {
    modelTopology: topology,
    weightSpecs: groups.flatMap((g) => g.weights),
    weightPaths: summary.weightPaths,
    weightBytes: summary.totalBytes,
  };
}

/**
 * Joins the shards (null = not found) into one buffer after checking that none is missing and
 * that together they hold exactly the bytes the manifest promises.
 */
export function joinWeightShards(parts: ModelJsonParts, shards: (Uint8Array | null)[]): ArrayBuffer {
  const missing = parts.weightPaths.filter((_, i) => shards[i] === null);
  if (missing.length > 0) {
    throw new ModelLoadError(missing.map((p) => `missing weight file ${p} (listed in model.json's weightsManifest)`));
  }
  const present = shards as Uint8Array[];
  const got = present.reduce((n, s) => n + s.byteLength, 0);
  const expected = parts.weightBytes;
  if (got !== expected) {
    const files = parts.weightPaths.map((p, i) => `${p}: ${present[i].byteLength} B`).join(', ');
    throw new ModelLoadError([
      `weights ${got < expected ? 'truncated' : 'too long'}: the manifest expects ${expected} bytes, got ${got} (${files})`,
    ]);
  }
  const joined = new Uint8Array(got);
  let offset = 0;
  for (const s of present) {
    joined.set(s, offset);
    offset += s.byteLength;
  }
  return joined.buffer;
}
