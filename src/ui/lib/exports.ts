// The app's downloads: heatmap as .npy (float32 [h, w], the CLI's format), α as JSON, PNG.
import { encodeNpy } from '../../formats/npy';
import type { Method } from '../../engine/types';

/** A heatmap (row-major, h·w) as a float32 .npy of shape [h, w]. */
export function heatmapNpy(map: Float32Array, height: number, width: number): Uint8Array {
  return encodeNpy({ dtype: 'float32', shape: [height, width], data: map });
}

export interface AlphaExport {
  layer: string;
  method: Method;
  /** Class name. */
  class: string;
  classIndex: number;
  /** |M| */
  maskSize: number;
  alpha: number[];
}

/** α as pretty JSON: {layer, method, class, classIndex, maskSize, alpha}. */
export function alphaJson(info: Omit<AlphaExport, 'alpha'> & { alpha: ArrayLike<number> }): string {
  const out: AlphaExport = { ...info, alpha: Array.from(info.alpha) };
  return JSON.stringify(out, null, 2) + '\n';
}

/** A safe file name such as "segcam-bottleneck-traffic_light.npy". */
export function exportFileName(parts: readonly (string | number)[], extension: string): string {
  const stem = parts
    .map((p) => String(p).trim().replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, ''))
    .filter((p) => p.length > 0)
    .join('-');
  return `${stem || 'export'}.${extension.replace(/^\./, '')}`;
}

export function npyBlob(bytes: Uint8Array): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
}

export function jsonBlob(text: string): Blob {
  return new Blob([text], { type: 'application/json' });
}

/** PNG of a canvas (what is on screen). */
export function canvasPngBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the canvas could not be encoded as PNG'))), 'image/png');
  });
}

/** Save a blob through a temporary link (the browser's download). */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
