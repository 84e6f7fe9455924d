// Share and download. "Export α" lives in the α panel; pass onExportAlpha here only if the
// panel's button is not shown (two buttons with one name would confuse screen readers and tests).

export interface ExportButtonsProps {
  onCopyLink(): void;
  onExportPng(): void;
  onExportHeatmap(): void;
  onExportAlpha?(): void;
  /** False while there is no heatmap to export. */
  canExportHeatmap: boolean;
  canExportAlpha?: boolean;
  /** E.g. "The link cannot include a locally opened image." */
  linkNote?: string | null;
  /** Feedback after copying, e.g. "Link copied". */
  copyFeedback?: string | null;
}

export function ExportButtons(props: ExportButtonsProps) {
  return (
    <div className="export-buttons">
      <div className="button-row">
        <button type="button" onClick={props.onCopyLink}>
          Copy link
        </button>
        <button type="button" onClick={props.onExportPng}>
          Export PNG
        </button>
        <button type="button" disabled={!props.canExportHeatmap} onClick={props.onExportHeatmap} title="float32 .npy, as the CLI writes it">
          Export heatmap
        </button>
        {props.onExportAlpha && (
          <button type="button" disabled={!props.canExportAlpha} onClick={props.onExportAlpha}>
            Export α
          </button>
        )}
      </div>
      {props.copyFeedback && <p className="hint">{props.copyFeedback}</p>}
      {props.linkNote && <p className="hint hint-warning">{props.linkNote}</p>}
    </div>
  );
}
