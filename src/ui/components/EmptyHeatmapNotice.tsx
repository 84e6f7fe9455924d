// Shown instead of a heatmap when ReLU(Σ α·A) is zero everywhere (camMax = 0).

export interface EmptyHeatmapNoticeProps {
  layer: string;
  /** The largest value before the ReLU: how far below zero the map stays. */
  rawMax?: number;
}

export function EmptyHeatmapNotice({ layer, rawMax }: EmptyHeatmapNoticeProps) {
  return (
    <div className="empty-heatmap" role="note">
      <strong>Empty heatmap</strong> at {layer}: the weighted sum of its feature maps is ≤ 0 everywhere
      {rawMax !== undefined && Number.isFinite(rawMax) ? ` (raw max ${rawMax.toPrecision(3)})` : ''}, so nothing in
      this layer positively supports the class in M. Try another layer, a larger M, or a gradient × activation
      method.
    </div>
  );
}
