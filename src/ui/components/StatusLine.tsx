// The header's status line: backend, model, progress, the live status text and the error banner.
import type { Size } from '../../imaging/geometry';

export interface StatusProgress {
  message: string;
  /** 0..1 when known; otherwise the bar is indeterminate. */
  fraction?: number;
}

export interface StatusLineProps {
  /** 'webgl' | 'wasm' | 'cpu', or null while starting. */
  backend: string | null;
  /** Why the backend differs from the one asked for (e.g. no WebGL). */
  fallbackReason?: string | null;
  /** wasm: threads its kernels run on. */
  threads?: number;
  modelName: string | null;
  inputSize: Size | null;
  /** A long step in progress, or null. */
  progress: StatusProgress | null;
  /** Announced to screen readers, e.g. "Heatmap ready". */
  status: string;
  error: string | null;
  onDismissError(): void;
  /** Things worth knowing that are not errors (bad link fields, a local image in a link, …). */
  notices?: readonly string[];
  onDismissNotice?(index: number): void;
}

export function StatusLine(props: StatusLineProps) {
  const { backend, fallbackReason, threads, modelName, inputSize, progress, status, error, notices = [] } = props;
  return (
    <div className="status-line">
      <div className="status-facts">
        <span className="status-fact" title={fallbackReason ?? undefined}>
          <span className="status-key">backend</span>{' '}
          <span className={`backend-badge backend-${backend ?? 'none'}`} data-testid="backend">
            {backend ?? 'starting…'}
          </span>
          {threads !== undefined && (
            <span className="muted" data-testid="threads">
              {' '}
              · {threads} {threads === 1 ? 'thread' : 'threads'}
            </span>
          )}
          {fallbackReason && <span className="status-warning"> (fallback)</span>}
        </span>
        <span className="status-fact">
          <span className="status-key">model</span> {modelName ?? '—'}
          {inputSize && (
            <span className="muted">
              {' '}
              · {inputSize.height}×{inputSize.width}
            </span>
          )}
        </span>
        {progress && (
          <span className="status-fact status-progress">
            <progress
              aria-label={progress.message}
              max={1}
              value={progress.fraction === undefined ? undefined : progress.fraction}
            />
            <span className="muted">{progress.message}</span>
          </span>
        )}
        <span className="status-text" role="status" aria-live="polite">
          {status}
        </span>
      </div>
      {error && (
        <div className="banner banner-error" role="alert">
          <span className="banner-text">{error}</span>
          <button type="button" className="banner-dismiss" aria-label="Dismiss error" onClick={props.onDismissError}>
            ×
          </button>
        </div>
      )}
      {notices.map((notice, i) => (
        <div key={`${i}-${notice}`} className="banner banner-notice">
          <span className="banner-text">{notice}</span>
          {props.onDismissNotice && (
            <button
              type="button"
              className="banner-dismiss"
              aria-label="Dismiss notice"
              onClick={() => props.onDismissNotice?.(i)}
            >
              ×
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
