import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../../formats/npy';
import { alphaJson, exportFileName, heatmapNpy, jsonBlob, npyBlob } from './exports';

describe('exports', () => {
  it('writes the heatmap as float32 [h, w] .npy that reads back identically', () => {
    const map = Float32Array.from({ length: 6 }, (_, i) => i * 0.25 + 0.1);
    const decoded = decodeNpy(heatmapNpy(map, 2, 3));
    expect(decoded.dtype).toBe('float32');
    expect(decoded.shape).toEqual([2, 3]);
    expect(Array.from(decoded.data)).toEqual(Array.from(map));
  });

  it('refuses a shape that does not match the data', () => {
    expect(() => heatmapNpy(new Float32Array(5), 2, 3)).toThrow();
  });

  it('writes α as JSON with its context', () => {
    const text = alphaJson({
      layer: 'bottleneck',
      method: 'seg-grad-cam',
      class: 'car',
      classIndex: 13,
      maskSize: 42,
      alpha: new Float32Array([0.5, -0.25]),
    });
    expect(JSON.parse(text)).toEqual({
      layer: 'bottleneck',
      method: 'seg-grad-cam',
      class: 'car',
      classIndex: 13,
      maskSize: 42,
      alpha: [0.5, -0.25],
    });
  });

  it('makes safe file names', () => {
    expect(exportFileName(['segcam', 'dec 2/up', 'traffic light'], 'npy')).toBe('segcam-dec_2_up-traffic_light.npy');
    expect(exportFileName(['', '///'], '.json')).toBe('export.json');
  });

  it('wraps bytes and text in typed blobs', async () => {
    const blob = npyBlob(new Uint8Array([1, 2, 3]));
    expect(blob.size).toBe(3);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(jsonBlob('{}').type).toBe('application/json');
  });
});
