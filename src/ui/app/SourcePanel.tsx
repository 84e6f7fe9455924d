// Container: where the image and the model come from (scene seed, files, URLs).
import { SceneSeedInput } from '../components/SceneSeedInput';
import { ImageInput } from '../components/ImageInput';
import { ModelInput } from '../components/ModelInput';
import { FitModePicker } from '../components/FitModePicker';
import { ModelPicker, realPhotoNote } from '../components/ModelPicker';
import { BUILT_IN_MODELS, builtInModelByUrl } from '../../state/builtInModels';
import type { FitMapping } from '../../imaging/fitImage';
import { useAppStore } from '../../state/store';
import { LOCAL_MODEL_PREFIX } from '../../state/view';
import type { ExplainerCommands } from '../hooks/useExplainerWorker';

function fitNote(fit: FitMapping | null): string | undefined {
  if (!fit) return undefined;
  const { image, model, content, visible } = fit;
  const padded = content.width < model.width || content.height < model.height;
  const cropped = visible.width < image.width || visible.height < image.height;
  const keptAspect = Math.abs(fit.scaleX - fit.scaleY) <= 0.01 * Math.max(fit.scaleX, fit.scaleY);
  const how = padded
    ? 'letterboxed (scaled and padded with black, not cropped)'
    : cropped
      ? `scaled and cropped to its centre ${visible.width}×${visible.height} (the dimmed parts are not seen)`
      : keptAspect
        ? 'scaled'
        : 'stretched (the whole image, aspect not kept)';
  return `${image.width}×${image.height} image ${how} to the model input ${model.width}×${model.height}.`;
}

export function SourcePanel({ commands }: { commands: ExplainerCommands }): React.JSX.Element {
  const source = useAppStore((s) => s.source);
  const featured = useAppStore((s) => s.featured);
  const modelUrl = useAppStore((s) => s.modelUrl);
  const fit = useAppStore((s) => s.fit);
  const loading = useAppStore((s) => s.modelUrl !== s.loadedModelUrl && s.error === null);
  const requestSource = useAppStore((s) => s.requestSource);
  const requestModel = useAppStore((s) => s.requestModel);
  const fitMode = useAppStore((s) => s.fitMode);
  const setFitMode = useAppStore((s) => s.setFitMode);
  const seed = source.kind === 'scene' ? source.seed : null;
  const bias = source.kind === 'scene' ? source.bias : undefined;
  return (
    <section className="panel source-panel" aria-label="Image and model">
      <h2 className="panel-title">Scene</h2>
      <SceneSeedInput key={seed ?? 'none'} seed={seed} featured={featured} onSeed={(s) => requestSource({ kind: 'scene', seed: s, bias })} />
      {seed !== null && (
        <label className="field-row" title="lone pedestrians labelled rider, told apart only by a cyan sign beside them: what the biased model was trained on">
          <input
            type="checkbox"
            checked={bias !== undefined}
            onChange={(e) => requestSource({ kind: 'scene', seed, bias: e.target.checked ? 'marked-rider' : undefined })}
          />{' '}
          Planted bias (marked-rider)
        </label>
      )}
      <h2 className="panel-title">Your image</h2>
      <ImageInput onFile={(file) => commands.openImage(file, file.name)} fitNote={fitNote(fit)} />
      <FitModePicker value={fitMode} onChange={setFitMode} />
      <h2 className="panel-title">Model</h2>
      <ModelPicker models={BUILT_IN_MODELS} current={modelUrl} onPick={requestModel} disabled={loading} />
      {realPhotoNote(builtInModelByUrl(modelUrl), source.kind === 'scene') && (
        <p className="hint real-photo-note" role="note">
          {realPhotoNote(builtInModelByUrl(modelUrl), source.kind === 'scene')}
        </p>
      )}
      <ModelInput
        key={modelUrl}
        initialUrl={modelUrl.startsWith(LOCAL_MODEL_PREFIX) ? '' : modelUrl}
        busy={loading}
        onUrl={requestModel}
        onFiles={commands.openModelFiles}
      />
    </section>
  );
}
