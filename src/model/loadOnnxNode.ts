// Node: model.onnx from disk, and segcam.json beside it unless a path is given.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { MAX_DESCRIPTOR_BYTES } from '../formats/limits';
import { readRegularFile } from '../files/readRegularFile';
import { ModelLoadError } from './loadModelFiles';
import { assembleOnnx, MAX_ONNX_BYTES, type LoadedOnnxModel } from './loadOnnx';

function read(path: string, what: string, maxBytes: number): Uint8Array {
  try {
    return readRegularFile(path, what, maxBytes);
  } catch (e) {
    throw new ModelLoadError([(e as Error).message]);
  }
}

export function loadOnnxFromDisk(onnxPath: string, descriptorPath?: string): LoadedOnnxModel {
  const path = resolve(onnxPath);
  const descPath = descriptorPath ? resolve(descriptorPath) : join(dirname(path), 'segcam.json');
  const hasDescriptor = descriptorPath !== undefined || existsSync(descPath);
  return assembleOnnx({
    modelSource: onnxPath,
    bytes: read(path, 'model file', MAX_ONNX_BYTES),
    descriptorText: hasDescriptor ? new TextDecoder().decode(read(descPath, 'descriptor', MAX_DESCRIPTOR_BYTES)) : undefined,
    descriptorSource: descriptorPath ?? descPath,
  });
}
