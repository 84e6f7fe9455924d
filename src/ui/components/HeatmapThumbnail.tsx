// One heatmap drawn small on a canvas, scaled by CSS. Large maps (ESPNet has 266 layers up to
// 384×768) are max-pooled to at most THUMBNAIL_MAX first, so the strip stays cheap to draw and
// a hot spot stays visible.
import { useEffect, useMemo, useRef } from 'react';
import type { ColormapName } from '../../formats/colormap';
import { heatmapImage } from '../lib/heatmapImage';
import { maxPoolToFit } from '../lib/downsampleMap';

export const THUMBNAIL_MAX = { height: 64, width: 128 };

export interface HeatmapThumbnailProps {
  map: Float32Array;
  height: number;
  width: number;
  /** Top of the colormap: the map's own max, or a max shared across layers. */
  max: number;
  colormap: ColormapName;
}

export function HeatmapThumbnail({ map, height, width, max, colormap }: HeatmapThumbnailProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const small = useMemo(
    () => (map.length === height * width ? maxPoolToFit(map, height, width, THUMBNAIL_MAX.height, THUMBNAIL_MAX.width) : null),
    [map, height, width],
  );
  useEffect(() => {
    const context = canvasRef.current?.getContext('2d');
    if (!context || !small) return;
    const rgba = heatmapImage(small.map, { colormap, opacity: 1, max, fadeIn: 0 });
    context.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, small.width, small.height), 0, 0);
  }, [small, max, colormap]);
  return (
    <canvas ref={canvasRef} className="heatmap-thumbnail" width={small?.width ?? 1} height={small?.height ?? 1} aria-hidden="true" />
  );
}
