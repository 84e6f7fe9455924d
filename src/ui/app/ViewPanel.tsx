// Container: overlay options.
import { ViewOptions } from '../components/ViewOptions';
import { useAppStore } from '../../state/store';

export function ViewPanel(): React.JSX.Element {
  const view = useAppStore((s) => s.view);
  const setViewOptions = useAppStore((s) => s.setViewOptions);
  return (
    <section className="panel view-panel" aria-label="View">
      <ViewOptions {...view} onChange={setViewOptions} />
    </section>
  );
}
