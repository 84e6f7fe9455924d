import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { tinySegModel } from '../model/loadTestModels';
import { benchModel, formatColdStarts, formatKernels, formatRows, timeColdStart } from './benchmark';
import { Explainer } from './explainer';

beforeAll(async () => {
  await initBackend('cpu');
});

describe('engine benchmark core', () => {
  it('times forward, one-layer and all-layer explanations and formats them with ratios', async () => {
    const model = tinySegModel();
    const row = await benchModel(model, { backend: 'Node, cpu', name: 'tiny', defaultLayer: 'mid', runs: 1 });
    model.dispose();
    expect(row.layers).toBe(7);
    for (const ms of [row.firstPredictMs, row.forwardMs, row.oneLayerMs, row.allLayersMs, row.allLayersNewImageMs]) expect(ms).toBeGreaterThan(0);
    const table = formatRows([row]).split('\n');
    expect(table[0]).toBe('model: tiny (7 explainable layers)');
    expect(table[3]).toContain(`(${(row.allLayersMs / row.forwardMs).toFixed(2)}×)`);
    expect(table[3]).toContain(`(${(row.allLayersNewImageMs / row.forwardMs).toFixed(2)}×)`);
  });

  it('lists the kernels of an all-layer click by time, registered kernels only', async () => {
    const model = tinySegModel();
    const before = tf.memory().numTensors;
    const row = await benchModel(model, { backend: 'Node, cpu', name: 'tiny', defaultLayer: 'mid', runs: 1 });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    const kernels = row.topKernels!;
    expect(kernels.map((k) => k.kernel)).toContain('Conv2D');
    for (const k of kernels) {
      expect(tf.getKernel(k.kernel, 'cpu'), k.kernel).toBeDefined(); // no scopes counted twice
      expect(k.calls).toBeGreaterThan(0);
    }
    for (let i = 1; i < kernels.length; i++) expect(kernels[i - 1].ms).toBeGreaterThanOrEqual(kernels[i].ms);
    const line = formatKernels([row]).split('\n')[1];
    expect(line).toMatch(new RegExp(`^- Node, cpu: \\d+ ms in kernels; ${kernels[0].kernel} \\d+ ms \\(${kernels[0].calls}\\)`));
  });
});

describe('cold start', () => {
  it('times each step in order and leaves only the model it loaded', async () => {
    const steps: string[] = [];
    const before = tf.memory().numTensors;
    const { phases, loaded } = await timeColdStart({
      startBackend: async () => steps.push('backend'),
      loadModel: async () => (steps.push('model'), tinySegModel()),
      explainer: (model) => (steps.push('explainer'), Explainer.create(model, { defaultLayer: 'mid' })),
    });
    expect(steps).toEqual(['backend', 'model', 'explainer']);
    const weights = loaded.weights.length;
    expect(tf.memory().numTensors).toBe(before + weights);
    loaded.dispose();
    for (const ms of Object.values(phases)) expect(ms).toBeGreaterThanOrEqual(0);
    expect(phases.firstSegmentMs).toBeGreaterThan(0);
    expect(phases.firstExplainMs).toBeGreaterThan(0);
    const table = formatColdStarts([{ where: 'Node, cpu', model: 'tiny', phases }]).split('\n');
    expect(table[3]).toBe(`| Node, cpu | tiny | ${[phases.backendMs, phases.modelMs, phases.explainerMs, phases.firstSegmentMs, phases.firstExplainMs, phases.laterExplainMs].map((ms) => ms.toFixed(0)).join(' | ')} |`);
  });
});
