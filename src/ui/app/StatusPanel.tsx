// Container: backend, model, progress, the live status, notices and errors.
import { StatusLine } from '../components/StatusLine';
import { useAppStore } from '../../state/store';

function isPlaceholder(name: string): boolean {
  return /untrained|placeholder/i.test(name);
}

export function StatusPanel(): React.JSX.Element {
  const s = useAppStore();
  const notices = s.model && isPlaceholder(s.model.descriptor.name)
    ? ['This model is an untrained placeholder: its predictions and heatmaps are not meaningful yet.', ...s.notices]
    : s.notices;
  const offset = notices.length - s.notices.length;
  return (
    <StatusLine
      backend={s.backend?.backend ?? null}
      fallbackReason={s.backend?.fallbackReason}
      threads={s.backend?.threads}
      modelName={s.model?.descriptor.name ?? null}
      inputSize={s.model?.inputSize ?? null}
      progress={s.progress}
      status={s.status}
      error={s.error}
      onDismissError={() => s.setError(null)}
      notices={notices}
      onDismissNotice={(i) => i >= offset && s.dismissNotice(i - offset)}
    />
  );
}
