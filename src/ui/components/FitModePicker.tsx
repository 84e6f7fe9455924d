// How an opened image is fitted to the model input: stretched, padded (letterbox) or cropped.
import { useId } from 'react';
import { FIT_MODES, FIT_MODE_LABELS, isFitMode, type FitMode } from '../../imaging/fitImage';

export interface FitModePickerProps {
  value: FitMode;
  onChange(mode: FitMode): void;
  disabled?: boolean;
}

export function FitModePicker({ value, onChange, disabled = false }: FitModePickerProps) {
  const selectId = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={selectId}>
        Image fit
      </label>
      <select
        id={selectId}
        aria-label="Image fit"
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (isFitMode(next)) onChange(next);
        }}
      >
        {FIT_MODES.map((m) => (
          <option key={m} value={m}>
            {FIT_MODE_LABELS[m]}
          </option>
        ))}
      </select>
    </div>
  );
}
