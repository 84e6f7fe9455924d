// What is drawn over the scene: segmentation, heatmap, colormap, opacity.
import { useId } from 'react';
import { COLORMAPS, isColormapName, type ColormapName } from '../../formats/colormap';

export interface ViewOptionsValue {
  showSegmentation: boolean;
  showHeatmap: boolean;
  colormap: ColormapName;
  /** Heatmap opacity 0..1. */
  opacity: number;
}

export interface ViewOptionsProps extends ViewOptionsValue {
  onChange(change: Partial<ViewOptionsValue>): void;
}

const COLORMAP_LABELS: Record<ColormapName, string> = { turbo: 'Turbo', jet: 'Jet', viridis: 'Viridis' };

export function ViewOptions(props: ViewOptionsProps) {
  const { onChange } = props;
  const selectId = useId();
  return (
    <fieldset className="view-options">
      <legend>View</legend>
      <label className="check">
        <input
          type="checkbox"
          checked={props.showSegmentation}
          onChange={(e) => onChange({ showSegmentation: e.currentTarget.checked })}
        />
        Segmentation overlay
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={props.showHeatmap}
          onChange={(e) => onChange({ showHeatmap: e.currentTarget.checked })}
        />
        Heatmap overlay
      </label>
      <div className="field">
        <label className="field-label" htmlFor={selectId}>
          Colormap
        </label>
        <select
          id={selectId}
          aria-label="Colormap"
          value={props.colormap}
          onChange={(e) => {
            const next = e.currentTarget.value;
            if (isColormapName(next)) onChange({ colormap: next });
          }}
        >
          {COLORMAPS.map((name) => (
            <option key={name} value={name}>
              {COLORMAP_LABELS[name]}
            </option>
          ))}
        </select>
      </div>
      <label className="field">
        <span className="field-label">
          Opacity <span className="field-value">{Math.round(props.opacity * 100)} %</span>
        </span>
        <input
          type="range"
          aria-label="Opacity"
          min={0}
          max={1}
          step={0.05}
          value={props.opacity}
          onChange={(e) => onChange({ opacity: Number(e.currentTarget.value) })}
        />
      </label>
    </fieldset>
  );
}
