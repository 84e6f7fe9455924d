// What `npm run cam` writes: <layer>.npy, <layer>.png, prediction.png and summary.json.
import { upsampledCam } from '../imaging/upsampleMap';
import type { MethodFence } from '../engine/methodFences';
import type { Explanation } from '../engine/types';
import { colormapLut, type ColormapName } from '../formats/colormap';
import { encodePng } from '../files/image';
import { encodeNpy } from '../formats/npy';
import { writeFilesAtomically, type OutputFile } from './outputDir';
import type { Size } from '../imaging/geometry';

const HEATMAP_OPACITY = 0.55;

/** A layer name as a safe file name. */
export function layerFileName(layer: string): string {
  return layer.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** The heatmap (scaled by its own maximum) blended over the RGB image; an all-zero map leaves the image. */
export function heatmapOverImage(rgb: Uint8Array, heat: Float32Array, max: number, colormap: ColormapName): Uint8Array {
  const lut = colormapLut(colormap);
  const out = new Uint8Array(rgb.length);
  for (let i = 0; i < heat.length; i++) {
    const t = max > 0 ? Math.min(1, Math.max(0, heat[i] / max)) : 0;
    // Fade the overlay in with the value so cold regions keep the photo readable.
    const a = max > 0 ? HEATMAP_OPACITY * Math.min(1, t * 4) : 0;
    const k = Math.round(t * 255) * 3;
    for (let c = 0; c < 3; c++) out[3 * i + c] = Math.round(rgb[3 * i + c] * (1 - a) + lut[k + c] * a);
  }
  return out;
}

export interface CamOutputInputs {
  /** An existing folder (prepareOutputDir). */
  dir: string;
  explanation: Explanation;
  /** The model input image, RGB at input resolution. */
  rgb: Uint8Array;
  input: Size;
  labels: Uint8Array;
  output: Size;
  colormap: ColormapName;
  summary: Record<string, unknown>;
  /** Per explained layer, why its map must not be drawn (methodFences.ts), or null. */
  fences?: (MethodFence | null)[];
}

/** Writes the files, all or none; returns the layer entries that went into summary.json. */
export function writeCamOutputs(o: CamOutputInputs): Record<string, unknown>[] {
  const { height, width } = o.input;
  const files: OutputFile[] = [];
  const layers = o.explanation.layers.map((l, i) => {
    const file = layerFileName(l.layer);
    const [h, w] = l.shape;
    files.push({ name: `${file}.npy`, bytes: encodeNpy({ dtype: 'float32', shape: [h, w], data: l.cam }) });
    // A fenced map is kept as data but not drawn: a picture of it would look like evidence.
    const fence = o.fences?.[i] ?? null;
    if (!fence) {
      const overlay = heatmapOverImage(o.rgb, upsampledCam(l, o.input), l.camMax, o.colormap);
      files.push({ name: `${file}.png`, bytes: encodePng(overlay, height, width, 3) });
    }
    return {
      name: l.layer,
      shape: l.shape,
      role: l.role,
      alpha: Array.from(l.alpha),
      rawMax: l.rawMax,
      camMax: l.camMax,
      npy: `${file}.npy`,
      png: fence ? null : `${file}.png`,
      ...(fence ? { fenced: fence.reason } : {}),
    };
  });
  const prediction = resizeMaskLabels(o.labels, o.output, o.input);
  files.push({ name: 'prediction.png', bytes: encodePng(prediction, height, width, 1) });
  files.push({ name: 'summary.json', bytes: JSON.stringify({ ...o.summary, layers }, null, 2) + '\n' });
  writeFilesAtomically(o.dir, files);
  return layers;
}

/** Class indices at output resolution → model-input resolution (nearest). */
function resizeMaskLabels(labels: Uint8Array, from: Size, to: Size): Uint8Array {
  if (from.height === to.height && from.width === to.width) return labels;
  const out = new Uint8Array(to.height * to.width);
  for (let r = 0; r < to.height; r++) {
    const sr = Math.min(from.height - 1, Math.floor(((r + 0.5) * from.height) / to.height));
    for (let c = 0; c < to.width; c++) {
      const sc = Math.min(from.width - 1, Math.floor(((c + 0.5) * from.width) / to.width));
      out[r * to.width + c] = labels[sr * from.width + sc];
    }
  }
  return out;
}
