// The attribution method: Seg-Grad-CAM and the engine's cheap variants.
import { useId } from 'react';
import { METHODS, METHOD_LABELS, type Method } from '../../engine/types';

export interface MethodPickerProps {
  value: Method;
  onChange(method: Method): void;
  /** The methods on offer (default: all of METHODS). */
  methods?: readonly Method[];
  disabled?: boolean;
}

function isMethod(value: string): value is Method {
  return (METHODS as readonly string[]).includes(value);
}

export function MethodPicker({ value, onChange, methods = METHODS, disabled = false }: MethodPickerProps) {
  const selectId = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={selectId}>
        Method
      </label>
      <select
        id={selectId}
        aria-label="Method"
        value={value}
        disabled={disabled}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (isMethod(next)) onChange(next);
        }}
      >
        {methods.map((m) => (
          <option key={m} value={m}>
            {METHOD_LABELS[m]}
          </option>
        ))}
      </select>
    </div>
  );
}
