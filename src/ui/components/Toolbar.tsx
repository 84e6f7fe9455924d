// Tools that build M, undo/redo, brush size and |M|.

export type ToolName = 'pixel' | 'brush' | 'eraser' | 'object';

const TOOLS: { tool: ToolName; label: string; hint: string }[] = [
  { tool: 'pixel', label: 'Pixel', hint: 'Click: M = that pixel. Shift-click: add the pixel to M.' },
  { tool: 'brush', label: 'Brush', hint: 'Paint pixels into M.' },
  { tool: 'eraser', label: 'Eraser', hint: 'Paint pixels out of M.' },
  { tool: 'object', label: 'Object', hint: 'Click: M = the connected region of the predicted class under the cursor.' },
];

export interface ToolbarProps {
  tool: ToolName;
  onTool(tool: ToolName): void;
  canUndo: boolean;
  canRedo: boolean;
  onUndo(): void;
  onRedo(): void;
  brushSize: number;
  onBrushSize(size: number): void;
  brushMin?: number;
  brushMax?: number;
  /** |M| in output pixels. */
  maskSize: number;
  onClear(): void;
  onWholeClass(): void;
  onWholeImage(): void;
  /** True while there is no segmentation to build M on (no model or image yet). */
  disabled?: boolean;
}

export function Toolbar(props: ToolbarProps) {
  const { tool, disabled = false, brushMin = 1, brushMax = 32 } = props;
  const brushActive = tool === 'brush' || tool === 'eraser';
  return (
    <div className="toolbar" role="toolbar" aria-label="Mask tools" aria-orientation="vertical">
      <div className="tool-group">
        {TOOLS.map(({ tool: t, label, hint }) => (
          <button
            key={t}
            type="button"
            className="tool-button"
            aria-pressed={tool === t}
            title={hint}
            disabled={disabled}
            onClick={() => props.onTool(t)}
          >
            {label}
          </button>
        ))}
      </div>

      <label className={brushActive ? 'field' : 'field field-muted'}>
        <span className="field-label">
          Brush size <span className="field-value">{props.brushSize} px</span>
        </span>
        <input
          type="range"
          aria-label="Brush size"
          min={brushMin}
          max={brushMax}
          step={1}
          value={props.brushSize}
          disabled={disabled}
          onChange={(e) => props.onBrushSize(Number(e.currentTarget.value))}
        />
      </label>

      <div className="tool-group">
        <button type="button" title="M = every pixel predicted as the chosen class" disabled={disabled} onClick={props.onWholeClass}>
          Whole class
        </button>
        <button type="button" title="M = every pixel" disabled={disabled} onClick={props.onWholeImage}>
          Whole image
        </button>
        <button type="button" disabled={disabled || props.maskSize === 0} onClick={props.onClear}>
          Clear mask
        </button>
      </div>

      <div className="tool-group tool-group-row">
        <button type="button" title="Undo (Ctrl+Z)" disabled={!props.canUndo} onClick={props.onUndo}>
          Undo
        </button>
        <button type="button" title="Redo (Ctrl+Shift+Z)" disabled={!props.canRedo} onClick={props.onRedo}>
          Redo
        </button>
      </div>

      {/* A span, not <output>: that is role="status", and the app has exactly one status region. */}
      <span className="mask-size" data-testid="mask-size" title="|M|: pixels in the explained region">
        |M| = {props.maskSize.toLocaleString('en-US')}
      </span>
    </div>
  );
}
