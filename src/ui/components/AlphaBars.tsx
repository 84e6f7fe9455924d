// α as an SVG bar chart: positive bars up, negative down, around a zero line.
import { formatMagnitude } from '../lib/layerLabels';

export interface AlphaBarsProps {
  alpha: Float32Array;
  /** Channel indices in drawing order. */
  order: readonly number[];
  /** Drawn as outlines behind the bars when it has the same length (the pinned α). */
  reference?: Float32Array | null;
  height?: number;
}

const WIDTH = 300;

export function AlphaBars({ alpha, order, reference = null, height = 120 }: AlphaBarsProps) {
  const comparable = reference !== null && reference.length === alpha.length;
  let extent = 0;
  for (const v of alpha) extent = Math.max(extent, Math.abs(v));
  if (comparable) for (const v of reference) extent = Math.max(extent, Math.abs(v));
  const hasNegative = alpha.some((v) => v < 0) || (comparable && reference.some((v) => v < 0));
  const zeroY = hasNegative ? height / 2 : height - 1;
  const span = hasNegative ? height / 2 - 1 : height - 2;
  const barWidth = WIDTH / Math.max(1, order.length);
  const y = (v: number) => (extent > 0 ? (v / extent) * span : 0);
  const bar = (v: number, x: number, className: string, key: string) => {
    const h = y(v);
    return (
      <rect
        key={key}
        className={className}
        x={x}
        width={Math.max(barWidth * 0.85, 0.5)}
        y={h >= 0 ? zeroY - h : zeroY}
        height={Math.max(Math.abs(h), 0.5)}
      />
    );
  };
  return (
    <svg
      className="alpha-bars"
      viewBox={`0 0 ${WIDTH} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`α over ${alpha.length} channels, largest |α| ${formatMagnitude(extent)}`}
    >
      {comparable && order.map((k, i) => bar(reference[k], i * barWidth, 'alpha-bar-reference', `r${k}`))}
      {order.map((k, i) => bar(alpha[k], i * barWidth, alpha[k] >= 0 ? 'alpha-bar-positive' : 'alpha-bar-negative', `a${k}`))}
      <line className="alpha-zero" x1={0} x2={WIDTH} y1={zeroY} y2={zeroY} />
    </svg>
  );
}
