// One heatmap drawn at its own resolution on a canvas, scaled by CSS.
import { useEffect, useRef } from 'react';
import type { ColormapName } from '../../formats/colormap';
import { heatmapImage } from '../lib/heatmapImage';

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
  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context || map.length !== height * width) return;
    const rgba = heatmapImage(map, { colormap, opacity: 1, max, fadeIn: 0 });
    context.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  }, [map, height, width, max, colormap]);
  return <canvas ref={canvasRef} className="heatmap-thumbnail" width={width} height={height} aria-hidden="true" />;
}
