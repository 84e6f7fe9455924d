// Every hard limit in one place: the CLI, the worker, the app and the link parser refuse
// the same things with the same numbers. README "Limits" lists them for users.

/** Pixels of an image we decode (photos, masks): 4096×4096, checked from the file header. */
export const MAX_IMAGE_PIXELS = 4096 * 4096;
/** Bytes of an image file we read at all (a PNG of MAX_IMAGE_PIXELS rarely exceeds 60 MB). */
export const MAX_IMAGE_FILE_BYTES = 64 * 1024 * 1024;

/** A model's input side, fixed in its graph or given by a descriptor (6000² aborts wasm). */
export const MAX_MODEL_INPUT_SIDE = 4096;
/** A model's input pixels: full Cityscapes frames (1024×2048) fit. */
export const MAX_MODEL_INPUT_PIXELS = 1024 * 2048;

/** Pixels of a mask M (output resolution, never larger than the model input). */
export const MAX_MASK_PIXELS = MAX_MODEL_INPUT_PIXELS;

/** Bytes of all weight shards of one model together. */
export const MAX_MODEL_BYTES = 256 * 1024 * 1024;
/** Weight shard files of one model (tfjs writes 4 MB shards: 64 for the largest allowed model). */
export const MAX_WEIGHT_SHARDS = 256;
/** Weight tensors listed in one manifest. */
export const MAX_WEIGHT_TENSORS = 8192;
/** Layers in one model, nested models included. */
export const MAX_MODEL_LAYERS = 4096;
/** Bytes of model.json itself. */
export const MAX_MODEL_JSON_BYTES = 32 * 1024 * 1024;
/** Bytes of a descriptor segcam.json. */
export const MAX_DESCRIPTOR_BYTES = 1024 * 1024;

/** A size in bytes for messages: "256 MB", "1.5 kB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

/** Refuses an image of more than MAX_IMAGE_PIXELS; `name` starts the message. */
export function checkImagePixels(name: string, height: number, width: number): void {
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new Error(`${name} is ${width}×${height} pixels; images may have at most ${MAX_IMAGE_PIXELS.toLocaleString('en')} pixels (4096×4096)`);
  }
}

/** Why a model input size is refused, or null when it is within the limits. */
export function modelInputSizeProblem(height: number, width: number): string | null {
  if (height > MAX_MODEL_INPUT_SIDE || width > MAX_MODEL_INPUT_SIDE || height * width > MAX_MODEL_INPUT_PIXELS) {
    return `${height}×${width} is larger than the limit for a model input (each side at most ${MAX_MODEL_INPUT_SIDE}, at most 1024×2048 = ${MAX_MODEL_INPUT_PIXELS.toLocaleString('en')} pixels)`;
  }
  return null;
}
