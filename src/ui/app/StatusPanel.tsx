// Container: the live status (role="status"), the backend/model line, notices and errors.
import { useAppStore } from '../../state/store';

export function StatusPanel(): React.JSX.Element {
  const status = useAppStore((s) => s.status);
  const backend = useAppStore((s) => s.backend);
  const model = useAppStore((s) => s.model);
  const error = useAppStore((s) => s.error);
  const notices = useAppStore((s) => s.notices);
  const setError = useAppStore((s) => s.setError);
  const placeholder = model ? /untrained|placeholder/i.test(model.descriptor.name) : false;
  return (
    <section className="panel status-panel" aria-label="Status">
      <p className="status-line">
        <span className="backend" data-testid="backend">
          {backend ? `Backend: ${backend.backend}` : 'Backend: starting…'}
        </span>
        {' · '}
        <span className="model-name">
          {model ? `Model: ${model.descriptor.name} (input ${model.inputSize.height}×${model.inputSize.width})` : 'Model: loading…'}
        </span>
      </p>
      <p role="status" aria-label="Progress" className="status-message">
        {status}
      </p>
      {placeholder && <p className="notice warning">This model is an untrained placeholder: its heatmaps and predictions are not meaningful yet.</p>}
      {notices.map((n) => (
        <p key={n} className="notice">
          {n}
        </p>
      ))}
      {error && (
        <p role="alert" className="error">
          {error}{' '}
          <button type="button" className="link-button" onClick={() => setError(null)}>
            Dismiss
          </button>
        </p>
      )}
    </section>
  );
}
