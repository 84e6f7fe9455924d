// Choose one of the built-in models; "(another model)" stands for one opened from a file or URL.
import type { BuiltInModel } from '../../state/builtInModels';

export interface ModelPickerProps {
  models: readonly BuiltInModel[];
  /** The current model's URL. */
  current: string;
  onPick(url: string): void;
  disabled?: boolean;
}

const CUSTOM = '';

export function ModelPicker({ models, current, onPick, disabled = false }: ModelPickerProps) {
  const known = models.some((m) => m.url === current);
  return (
    <label className="field model-picker">
      <span className="field-label">Built-in model</span>
      <select
        aria-label="Built-in model"
        value={known ? current : CUSTOM}
        disabled={disabled}
        onChange={(e) => e.currentTarget.value !== CUSTOM && onPick(e.currentTarget.value)}
      >
        {!known && <option value={CUSTOM}>(another model)</option>}
        {models.map((m) => (
          <option key={m.id} value={m.url} title={m.about}>
            {m.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The note shown when a network trained on real photos looks at a synthetic scene. */
export function realPhotoNote(model: BuiltInModel | undefined, showingScene: boolean): string | null {
  if (!model || model.trainedOn !== 'real photos' || !showingScene) return null;
  return `${model.name} was trained on real street photos, not on these synthetic scenes: open one of your photos (Your image) to see it at work.`;
}
