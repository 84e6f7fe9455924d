// Container: where the image and the model come from (scene seed, files, URLs).
import { useState } from 'react';
import { useAppStore } from '../../state/store';
import type { ExplainerCommands } from '../hooks/useExplainerWorker';

export function SourcePanel({ commands }: { commands: ExplainerCommands }): React.JSX.Element {
  const source = useAppStore((s) => s.source);
  const modelUrl = useAppStore((s) => s.modelUrl);
  const requestSource = useAppStore((s) => s.requestSource);
  const requestModel = useAppStore((s) => s.requestModel);
  const [seedText, setSeedText] = useState(source.kind === 'scene' ? String(source.seed) : '');
  const [urlText, setUrlText] = useState(modelUrl);
  // Follow the store when it changes under the fields (a link, a failed load reverting).
  const [shown, setShown] = useState({ source, modelUrl });
  if (shown.source !== source || shown.modelUrl !== modelUrl) {
    setShown({ source, modelUrl });
    if (source.kind === 'scene') setSeedText(String(source.seed));
    setUrlText(modelUrl);
  }

  return (
    <section className="panel source-panel" aria-label="Image and model">
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault();
          const seed = Number(seedText);
          if (Number.isInteger(seed) && seed >= 0) requestSource({ kind: 'scene', seed });
        }}
      >
        <label className="field-label" htmlFor="scene-seed">
          Scene seed
        </label>
        <div className="field-row">
          <input id="scene-seed" aria-label="Scene seed" inputMode="numeric" value={seedText} onChange={(e) => setSeedText(e.currentTarget.value)} />
          <button type="submit">Generate</button>
        </div>
      </form>
      <label className="field">
        <span className="field-label">Open image</span>
        <input
          type="file"
          aria-label="Open image"
          accept="image/*"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) commands.openImage(file, file.name);
          }}
        />
      </label>
      <form
        className="field"
        onSubmit={(e) => {
          e.preventDefault();
          if (urlText.trim()) requestModel(urlText.trim());
        }}
      >
        <label className="field-label" htmlFor="model-url">
          Model URL
        </label>
        <div className="field-row">
          <input id="model-url" aria-label="Model URL" value={urlText} onChange={(e) => setUrlText(e.currentTarget.value)} />
          <button type="submit">Load</button>
        </div>
      </form>
      <label className="field">
        <span className="field-label">Open model</span>
        <input
          type="file"
          aria-label="Open model"
          multiple
          accept=".json,.bin,application/json,application/octet-stream"
          onChange={(e) => {
            const files = Array.from(e.currentTarget.files ?? []);
            if (files.length > 0) commands.openModelFiles(files);
          }}
        />
      </label>
    </section>
  );
}
