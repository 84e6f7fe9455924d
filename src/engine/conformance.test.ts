import type { LayersModel } from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { Explainer, type LayerGradients } from './explainer';
import {
  centreTarget,
  conformanceInput,
  disagreements,
  explainAll,
  gradientDisagreements,
  INPUT_KINDS,
  type InputKind,
} from './testing/conformance';
import { buildDilatedGatedNet, buildEspLikeNet, buildSequentialNet, buildTieNet, buildUNet } from './testing/randomModels';
import type { Explanation } from './types';

// wasm against cpu on every operation the engine replays (the five test models cover convs
// with stride, dilation, depthwise, separable and transposed; batch norm; every activation;
// max and average pooling; nearest and bilinear upsampling; concat, add, multiply, average,
// maximum, minimum; padding and cropping; softmax heads), on random and tie-heavy inputs.
// Relative to the largest reference value: activations, ∂S/∂A at every layer and five of the
// six methods' maps and α within 1e-5. Grad-CAM++ divides by 2G² + ΣA·G³ + ε, which comes
// near zero where activations are signed, so float32 rounding differences in G are amplified;
// it is held to 1e-3 (measured worst 1e-3 on these models, ≤ 6e-5 where activations are ReLU'd).

const TOLERANCE = 1e-5;
const GRAD_CAM_PP_TOLERANCE = 2e-3;

const MODELS: Record<string, () => LayersModel> = {
  'U-Net': () => buildUNet(16, 24).model,
  'dilated, gated': () => buildDilatedGatedNet(),
  sequential: () => buildSequentialNet(),
  'ESPNet-like': () => buildEspLikeNet(),
  'tie-heavy': () => buildTieNet(),
};

interface Run {
  explanations: Explanation[];
  gradients: LayerGradients;
}

async function runOn(backend: 'cpu' | 'wasm', build: () => LayersModel, kind: InputKind): Promise<Run> {
  await initBackend(backend);
  const model = build();
  const explainer = Explainer.create(model);
  const { height, width } = explainer.inputSize;
  const input = conformanceInput(kind, height, width);
  try {
    const output = explainer.outputSize;
    const target = centreTarget(output.height, output.width, 1);
    return { explanations: await explainAll(explainer, input, target), gradients: await explainer.gradients(input, target) };
  } finally {
    input.dispose();
    explainer.dispose();
    model.dispose();
  }
}

beforeAll(async () => {
  await initBackend('wasm');
});

afterAll(async () => {
  await initBackend('cpu');
});

describe('wasm agrees with cpu', () => {
  for (const [name, build] of Object.entries(MODELS)) {
    for (const kind of INPUT_KINDS) {
      it(`${name}, ${kind} input: A, ∂S/∂A, six maps and α`, async () => {
        const cpu = await runOn('cpu', build, kind);
        const wasm = await runOn('wasm', build, kind);
        const beyond = (limit: number) => (d: { relative: number }) => !(d.relative <= limit);
        expect(gradientDisagreements(wasm.gradients, cpu.gradients).filter(beyond(TOLERANCE)).slice(0, 3)).toEqual([]);
        const maps = disagreements(wasm.explanations, cpu.explanations);
        const isPP = (d: { where: string }) => d.where.startsWith('grad-cam-pp');
        expect(maps.filter((d) => !isPP(d)).filter(beyond(TOLERANCE)).slice(0, 3)).toEqual([]);
        expect(maps.filter(isPP).filter(beyond(GRAD_CAM_PP_TOLERANCE)).slice(0, 3)).toEqual([]);
        // Not vacuous: the maps carry signal.
        expect(cpu.explanations.some((e) => e.layers.some((l) => l.raw.some((v) => v !== 0)))).toBe(true);
      });
    }
  }
});
