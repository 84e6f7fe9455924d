// Open a model: local files (model.json + weight shards, or a .onnx file; optional segcam.json) or a URL.
import { useState } from 'react';
import { FileButton } from './FileButton';

export interface ModelInputProps {
  onFiles(files: File[]): void;
  onUrl(url: string): void;
  /** The URL the text field starts with (e.g. the current model's). Change `key` to reset it. */
  initialUrl?: string;
  /** True while a model is loading. */
  busy?: boolean;
}

export function ModelInput({ onFiles, onUrl, initialUrl = '', busy = false }: ModelInputProps) {
  const [url, setUrl] = useState(initialUrl);
  return (
    <div className="model-input">
      <FileButton label="Open model" accept=".onnx,.json,.bin,application/json,application/octet-stream" multiple disabled={busy} onFiles={onFiles} />
      <p className="hint">
        Select a PyTorch export (.onnx) or model.json with its weight shards, and (optionally) segcam.json, together.
      </p>
      <form
        className="field-row"
        onSubmit={(e) => {
          e.preventDefault();
          const trimmed = url.trim();
          if (trimmed) onUrl(trimmed);
        }}
      >
        <input
          type="text"
          inputMode="url"
          aria-label="Model URL"
          placeholder="https://…/model.json or …/model.onnx"
          value={url}
          spellCheck={false}
          onChange={(e) => setUrl(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy || url.trim() === ''}>
          Load
        </button>
      </form>
    </div>
  );
}
