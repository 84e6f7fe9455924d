// Node: load model.json + shards from disk, and segcam.json beside it unless a path is given.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assembleModel, ModelLoadError, type LoadedModel } from './loadModel';
import { parseModelJson } from './loadModelFiles';

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelLoadError([code === 'ENOENT' ? `${what} not found: ${path}` : `cannot read ${what} ${path}: ${(e as Error).message}`]);
  }
}

export async function loadModelFromDisk(modelJsonPath: string, descriptorPath?: string): Promise<LoadedModel> {
  const modelPath = resolve(modelJsonPath);
  const parts = parseModelJson(readText(modelPath, 'model file'), modelJsonPath);
  const dir = dirname(modelPath);
  const shards = parts.weightPaths.map((p) => {
    const file = join(dir, p);
    return existsSync(file) ? new Uint8Array(readFileSync(file)) : null;
  });
  const descPath = descriptorPath ? resolve(descriptorPath) : join(dir, 'segcam.json');
  const hasDescriptor = descriptorPath !== undefined || existsSync(descPath);
  return assembleModel({
    modelSource: modelJsonPath,
    parts,
    shards,
    descriptorText: hasDescriptor ? readText(descPath, 'descriptor') : undefined,
    descriptorSource: descriptorPath ?? descPath,
  });
}
