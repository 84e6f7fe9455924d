// Node: load model.json + shards from disk, and segcam.json beside it unless a path is given.
// Shard paths stay inside model.json's folder, and every file must be a regular file within
// its size limit (a directory, /dev/zero or a FIFO named weights.bin is refused unread).
import { existsSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { MAX_DESCRIPTOR_BYTES, MAX_MODEL_JSON_BYTES } from '../formats/limits';
import { readRegularFile, regularFileProblem } from '../files/readRegularFile';
import { assembleModel, ModelLoadError, type LoadedModel } from './loadModel';
import { parseModelJson } from './loadModelFiles';

function readText(path: string, what: string, maxBytes: number): string {
  try {
    return new TextDecoder().decode(readRegularFile(path, what, maxBytes));
  } catch (e) {
    throw new ModelLoadError([(e as Error).message]);
  }
}

/** The shard's path, refused unless it lies inside dir (after resolving ../ and absolute paths). */
function shardPath(dir: string, p: string, source: string): string {
  const file = resolve(dir, p);
  const inside = relative(dir, file);
  if (inside === '' || inside === '..' || inside.startsWith('..' + sep) || isAbsolute(inside) || p.includes('\0')) {
    throw new ModelLoadError([`${source}: weight file "${p}" is outside the model's folder; weights must lie in model.json's own folder`]);
  }
  return file;
}

export async function loadModelFromDisk(modelJsonPath: string, descriptorPath?: string): Promise<LoadedModel> {
  const modelPath = resolve(modelJsonPath);
  const parts = parseModelJson(readText(modelPath, 'model file', MAX_MODEL_JSON_BYTES), modelJsonPath);
  const dir = dirname(modelPath);
  const files = parts.weightPaths.map((p) => shardPath(dir, p, modelJsonPath));
  // Checked before any is read: a shard that is a device or too large costs nothing.
  const budget = parts.weightBytes;
  let used = 0;
  const shards = files.map((file, i) => {
    if (!existsSync(file)) return null;
    const problem = regularFileProblem(file, 'weight file', Infinity);
    if (problem) throw new ModelLoadError([problem]);
    const left = budget - used;
    const size = statSync(file).size;
    if (size > left) {
      throw new ModelLoadError([
        `weights too long: weight file ${parts.weightPaths[i]} is ${size} bytes but the manifest leaves ${left} of its ${budget} bytes for it`,
      ]);
    }
    const bytes = readRegularFile(file, 'weight file', left);
    used += bytes.byteLength;
    return bytes;
  });
  const descPath = descriptorPath ? resolve(descriptorPath) : join(dir, 'segcam.json');
  const hasDescriptor = descriptorPath !== undefined || existsSync(descPath);
  return assembleModel({
    modelSource: modelJsonPath,
    parts,
    shards,
    descriptorText: hasDescriptor ? readText(descPath, 'descriptor', MAX_DESCRIPTOR_BYTES) : undefined,
    descriptorSource: descriptorPath ?? descPath,
  });
}
