// The models shipped with the app, one click each (a URL relative to the page).
export interface BuiltInModel {
  url: string;
  label: string;
}

export const BUILT_IN_MODELS: readonly BuiltInModel[] = [
  { url: 'models/unet-streets/model.json', label: 'U-Net (synthetic streets)' },
  { url: 'models/unet-streets-biased/model.json', label: 'U-Net, biased: marked-rider (fine-tuned)' },
];

export function BuiltInModelPicker({ value, onChange, disabled }: { value: string; onChange(url: string): void; disabled?: boolean }): React.JSX.Element {
  const known = BUILT_IN_MODELS.some((m) => m.url === value);
  return (
    <label className="field">
      <span>Built-in model</span>
      <select value={known ? value : ''} onChange={(e) => e.target.value && onChange(e.target.value)} disabled={disabled} aria-label="Built-in model">
        {!known && <option value="">(another model)</option>}
        {BUILT_IN_MODELS.map((m) => (
          <option key={m.url} value={m.url}>
            {m.label}
          </option>
        ))}
      </select>
    </label>
  );
}
