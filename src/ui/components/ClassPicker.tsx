// The class c to explain, with its palette colour.
import { useId } from 'react';
import type { ClassInfo } from '../../engine/types';
import { Swatch } from './Swatch';

export interface ClassPickerProps {
  classes: readonly ClassInfo[];
  /** null: nothing chosen yet (no M). */
  value: number | null;
  onChange(classIndex: number): void;
  disabled?: boolean;
}

export function ClassPicker({ classes, value, onChange, disabled = false }: ClassPickerProps) {
  const selectId = useId();
  const current = value !== null ? classes[value] : undefined;
  return (
    <div className="field class-picker">
      <label className="field-label" htmlFor={selectId}>
        Class
      </label>
      <div className="field-row">
        <Swatch color={current ? current.color : [0, 0, 0]} />
        <select
          id={selectId}
          aria-label="Class"
          value={value ?? ''}
          disabled={disabled || classes.length === 0}
          onChange={(e) => {
            if (e.currentTarget.value !== '') onChange(Number(e.currentTarget.value));
          }}
        >
          {value === null && <option value="">— choose —</option>}
          {classes.map((c, i) => (
            <option key={i} value={i}>
              {i} · {c.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
