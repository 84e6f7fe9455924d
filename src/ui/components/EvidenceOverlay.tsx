// Boxes of the ground-truth evidence (and planted cues) over the scene, in the model input's
// coordinates; the SVG stretches over the canvas like the heatmap does.
import type { Evidence } from '../lib/evidence';

export function EvidenceOverlay({ evidence }: { evidence: Evidence }): React.JSX.Element {
  const { width, height } = evidence;
  return (
    <svg
      className="evidence-overlay"
      data-testid="evidence-overlay"
      data-boxes={evidence.boxes.length}
      data-cues={evidence.cues.length}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      aria-hidden="true"
    >
      {evidence.boxes.map((b, i) => (
        <rect key={`o${i}`} x={b.x0} y={b.y0} width={b.x1 - b.x0} height={b.y1 - b.y0} className="evidence-box" />
      ))}
      {evidence.cues.map((b, i) => (
        <rect key={`c${i}`} x={b.x0 - 0.5} y={b.y0 - 0.5} width={b.x1 - b.x0 + 1} height={b.y1 - b.y0 + 1} className="evidence-cue" />
      ))}
    </svg>
  );
}
