// Open your own image (drop and paste are handled by the app on the scene).
import { FileButton } from './FileButton';

export interface ImageInputProps {
  onFile(file: File): void;
  /** How the image is fitted to the model input, e.g. "stretched (the whole image, aspect not kept) to …". */
  fitNote?: string;
  disabled?: boolean;
}

export function ImageInput({ onFile, fitNote, disabled = false }: ImageInputProps) {
  return (
    <div className="field image-input">
      <FileButton label="Open image" accept="image/*" disabled={disabled} onFiles={(files) => onFile(files[0])} />
      <p className="hint">…or drop an image on the scene, or paste one (Ctrl+V).</p>
      {fitNote && <p className="hint">{fitNote}</p>}
    </div>
  );
}
