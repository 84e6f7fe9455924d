import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backends';
import { tinySegModel } from '../model/loadTestModels';
import { benchModel, formatRows } from './benchmark';

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
});
