// Shown instead of a heatmap whose content is fixed by construction (M itself, the class
// score, Grad-CAM++ turned inside out): drawing it would pass it off as evidence.

export interface FencedMapNoticeProps {
  layer: string;
  /** One sentence: why this method's map at this layer says nothing about the network. */
  reason: string;
}

export function FencedMapNotice({ layer, reason }: FencedMapNoticeProps) {
  return (
    <div className="empty-heatmap fenced-map" role="note">
      <strong>Map not drawn</strong> at {layer}: {reason} Try another layer or method.
    </div>
  );
}
