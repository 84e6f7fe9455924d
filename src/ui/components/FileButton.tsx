// A file input that looks like a button but stays a real, labelled, focusable input.
import { useId } from 'react';

export interface FileButtonProps {
  /** The visible text and the input's accessible name. */
  label: string;
  accept?: string;
  multiple?: boolean;
  disabled?: boolean;
  onFiles(files: File[]): void;
}

export function FileButton({ label, accept, multiple = false, disabled = false, onFiles }: FileButtonProps) {
  const id = useId();
  return (
    <span className={disabled ? 'file-button is-disabled' : 'file-button'}>
      <input
        id={id}
        className="visually-hidden"
        type="file"
        aria-label={label}
        accept={accept}
        multiple={multiple}
        disabled={disabled}
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          // Reset so that choosing the same file again fires another change.
          e.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
      <label htmlFor={id} aria-hidden="true">
        {label}
      </label>
    </span>
  );
}
