import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrainingSummary, recordCalibration, SUMMARY_FILE } from './summary';

const record = (biases: number[], before: number, after: number) => ({ biases, miouBefore: before, miouAfter: after, scenes: 10, firstSeed: 2_000_000 });

describe('recording a calibration beside the weights', () => {
  it('adds offsets of a second calibration to the first, keeping the first mIoU before', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'segcam-summary-'));
    await writeFile(join(dir, SUMMARY_FILE), JSON.stringify({ steps: 3, losses: [] }));
    expect(await recordCalibration(dir, record([1, -0.5], 0.5, 0.6))).toBe(true);
    expect(await recordCalibration(dir, record([0.25, 0.25], 0.6, 0.61))).toBe(true);
    const summary = await readTrainingSummary(dir);
    expect(summary?.calibration).toEqual(record([1.25, -0.25], 0.5, 0.61));
    expect(JSON.parse(await readFile(join(dir, SUMMARY_FILE), 'utf8')).steps).toBe(3);
  });

  it('says so when there is no summary to record in', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'segcam-summary-'));
    expect(await recordCalibration(dir, record([0], 0, 0))).toBe(false);
  });
});
