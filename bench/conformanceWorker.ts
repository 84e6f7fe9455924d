// The browser half of the cross-backend conformance suite (src/engine/conformance.test.ts is
// the Node half): the engine explains small models on `backend` and on cpu, in a worker as the
// app runs it, and reports the worst disagreements.
import '@tensorflow/tfjs-layers';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { initBackend, type BackendName } from '../src/engine/backends';
import { Explainer, type LayerGradients } from '../src/engine/explainer';
import {
  centreTarget,
  conformanceInput,
  disagreements,
  explainAll,
  gradientDisagreements,
  INPUT_KINDS,
  type Disagreement,
  type InputKind,
} from '../src/engine/testing/conformance';
import { buildEspLikeNet, buildSequentialNet, buildTieNet, buildUNet, buildDilatedGatedNet } from '../src/engine/testing/randomModels';
import type { Explanation } from '../src/engine/types';

const MODELS: Record<string, () => LayersModel> = {
  unet: () => buildUNet(16, 24).model,
  dilated: () => buildDilatedGatedNet(),
  sequential: () => buildSequentialNet(),
  esp: () => buildEspLikeNet(),
  ties: () => buildTieNet(),
};

interface Request {
  backend: BackendName;
  models: string[];
  kinds: string[];
  wasmPaths: string;
}

export interface ConformanceCase {
  model: string;
  kind: InputKind;
  /** Worst first, at most 5 each; Grad-CAM++ apart (it is ill-conditioned, see the Node suite). */
  maps: Disagreement[];
  gradCamPP: Disagreement[];
  gradients: Disagreement[];
  /** Some map of the reference is not all zero. */
  signal: boolean;
}

export type ConformanceOutcome = { backend: string; cases: ConformanceCase[] } | { error: string };

async function runOn(backend: BackendName, wasmPaths: string, build: () => LayersModel, kind: InputKind) {
  await initBackend(backend, { wasmPaths });
  const model = build();
  const explainer = Explainer.create(model);
  const { height, width } = explainer.inputSize;
  const input = conformanceInput(kind, height, width);
  try {
    const target = centreTarget(explainer.outputSize.height, explainer.outputSize.width, 1);
    const explanations: Explanation[] = await explainAll(explainer, input, target);
    const gradients: LayerGradients = await explainer.gradients(input, target);
    return { explanations, gradients };
  } finally {
    input.dispose();
    explainer.dispose();
    model.dispose();
  }
}

self.onmessage = async (event: MessageEvent<Request>) => {
  const { backend, wasmPaths } = event.data;
  const models = event.data.models.length > 0 ? event.data.models : Object.keys(MODELS);
  const kinds = (event.data.kinds.length > 0 ? event.data.kinds : INPUT_KINDS) as InputKind[];
  try {
    const cases: ConformanceCase[] = [];
    for (const name of models) {
      const build = MODELS[name];
      if (!build) throw new Error(`unknown model ${name}; known: ${Object.keys(MODELS).join(', ')}`);
      for (const kind of kinds) {
        const reference = await runOn('cpu', wasmPaths, build, kind);
        const ours = await runOn(backend, wasmPaths, build, kind);
        const maps = disagreements(ours.explanations, reference.explanations);
        const isPP = (d: Disagreement) => d.where.startsWith('grad-cam-pp');
        cases.push({
          model: name,
          kind,
          maps: maps.filter((d) => !isPP(d)).slice(0, 5),
          gradCamPP: maps.filter(isPP).slice(0, 5),
          gradients: gradientDisagreements(ours.gradients, reference.gradients).slice(0, 5),
          signal: reference.explanations.some((e) => e.layers.some((l) => l.raw.some((v) => v !== 0))),
        });
      }
    }
    self.postMessage({ backend, cases } satisfies ConformanceOutcome);
  } catch (e) {
    self.postMessage({ error: e instanceof Error ? e.message : String(e) } satisfies ConformanceOutcome);
  }
};
