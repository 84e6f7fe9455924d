// Container: how much the heatmap on screen is worth, for generated scenes — energy in the
// evidence, pointing, rank AUC and deletion AUC at the current layer — and the Sanity action.
import { useEffect, useState } from 'react';
import { currentLayerExplanation, useAppStore } from '../../state/store';
import type { FaithfulnessResult, SanityResult } from '../../worker/protocol';
import { HeatmapThumbnail } from '../components/HeatmapThumbnail';
import type { ExplainerCommands } from '../hooks/useExplainerWorker';
import { useEvidence, useEvidenceOverlay } from '../hooks/useEvidence';
import { evidenceScores, LIVE_POINTING_TOLERANCE } from '../lib/evidence';
import { heatmapMax } from '../lib/heatmapImage';
import { upsampledCam } from '../../imaging/upsampleMap';

const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : '–');

function useDeletion(commands: ExplainerCommands): FaithfulnessResult | null {
  const explanation = useAppStore((s) => s.explanation);
  const layer = useAppStore(currentLayerExplanation);
  const mask = useAppStore((s) => s.mask);
  const [result, setResult] = useState<{ key: unknown; value: FaithfulnessResult } | null>(null);
  useEffect(() => {
    if (!explanation || !layer || !mask) return;
    let live = true;
    void commands
      .faithfulness({ classIndex: explanation.classIndex, mask: mask.bits, map: upsampledCam(layer, explanation.input) })
      .then((r) => live && r && typeof r === 'object' && setResult({ key: layer, value: r }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [commands, explanation, layer, mask]);
  return result && result.key === layer ? result.value : null;
}

export function EvidencePanel({ commands }: { commands: ExplainerCommands }): React.JSX.Element | null {
  const evidence = useEvidence();
  const layer = useAppStore(currentLayerExplanation);
  const explanation = useAppStore((s) => s.explanation);
  const mask = useAppStore((s) => s.mask);
  const method = useAppStore((s) => s.method);
  const colormap = useAppStore((s) => s.view.colormap);
  const overlay = useEvidenceOverlay();
  const deletion = useDeletion(commands);
  const [sanity, setSanity] = useState<SanityResult | null>(null);
  const [sanityError, setSanityError] = useState<string | null>(null);
  const [sanityBusy, setSanityBusy] = useState(false);
  if (!evidence) return null;
  const scores = layer && explanation ? evidenceScores(upsampledCam(layer, explanation.input), evidence) : null;
  const stale = sanity && layer && sanity.layer !== layer.layer;

  async function runSanity(): Promise<void> {
    if (!explanation || !layer || !mask) return;
    setSanityBusy(true);
    setSanityError(null);
    try {
      const r = await commands.sanity({ classIndex: explanation.classIndex, mask: mask.bits, method, layer: layer.layer });
      if (r && typeof r === 'object') setSanity(r);
    } catch (error) {
      setSanityError(error instanceof Error ? error.message : String(error));
    } finally {
      setSanityBusy(false);
    }
  }

  return (
    <section className="panel evidence-panel" aria-label="Evidence">
      <h2 className="panel-title">Evidence</h2>
      <label className="field-row">
        <input type="checkbox" checked={overlay.shown} onChange={overlay.toggle} /> Show evidence boxes
      </label>
      <p className="hint">Evidence: {evidence.description}{evidence.cues.length > 0 ? ', with its planted cue (cyan)' : ''}.</p>
      {scores && layer ? (
        <dl className="evidence-metrics" data-testid="evidence-metrics" data-layer={layer.layer} data-energy={scores.energy} data-pointing={String(scores.pointing)}>
          <dt title="share of the heatmap's mass on the evidence ÷ the evidence's share of the image; 1 = chance">Energy in evidence</dt>
          <dd>{f2(scores.energy)}× chance</dd>
          <dt title={`the heatmap's peak within ${LIVE_POINTING_TOLERANCE} px of the evidence`}>Pointing</dt>
          <dd>{scores.pointing === null ? 'empty map' : scores.pointing ? 'hit' : 'miss'}</dd>
          <dt title="chance that an evidence pixel outranks a pixel outside it; 0.5 = chance">Rank AUC</dt>
          <dd>{f2(scores.rankAuc)}</dd>
          <dt title="S as the most relevant pixels are replaced by the mean colour (1 = intact, 0 = all replaced); lower = more faithful">Deletion AUC</dt>
          <dd data-testid="deletion-auc">{deletion ? f2(deletion.deletionAuc) : '…'}</dd>
          {evidence.cues.length > 0 && (
            <>
              <dt>Energy on the cue</dt>
              <dd>{f2(scores.cueEnergy)}× its area</dd>
            </>
          )}
        </dl>
      ) : (
        <p className="hint">Explain a target to measure its heatmap.</p>
      )}
      <div className="button-row">
        <button type="button" onClick={() => void runSanity()} disabled={!layer || sanityBusy}>
          {sanityBusy ? 'Sanity…' : 'Sanity'}
        </button>
      </div>
      {sanityError && <p className="hint" role="alert">{sanityError}</p>}
      {sanity && !stale && (
        <figure className="sanity" data-testid="sanity" data-spearman={sanity.spearman}>
          <div className="sanity-maps">
            <HeatmapThumbnail map={sanity.original} height={sanity.shape[0]} width={sanity.shape[1]} max={heatmapMax(sanity.original)} colormap={colormap} />
            <HeatmapThumbnail map={sanity.randomized} height={sanity.shape[0]} width={sanity.shape[1]} max={heatmapMax(sanity.randomized)} colormap={colormap} />
          </div>
          <figcaption>
            Trained (left) and with {sanity.randomizedBlocks.join(' + ')} re-drawn (right) at {sanity.layer}: rank correlation ρ = {f2(sanity.spearman)}
            {sanity.spearman > 0.8 ? ' — the map barely depends on what the head learned.' : '.'}
          </figcaption>
        </figure>
      )}
    </section>
  );
}
