import { describe, expect, it } from 'vitest';
import { accumulateConfusion, iouFromConfusion } from './evaluate';

describe('IoU from a confusion matrix', () => {
  it('counts intersection over union per class, ignores void, averages over present classes', () => {
    const classes = 3;
    const confusion = new Float64Array(classes * classes);
    // labels:    0 0 0 1 1 255 255
    // predicted: 0 0 1 1 2  0   2
    accumulateConfusion(confusion, Uint8Array.from([0, 0, 0, 1, 1, 255, 255]), [0, 0, 1, 1, 2, 0, 2], classes);
    const report = iouFromConfusion(confusion, classes, 1);
    // class 0: TP 2, FN 1, FP 0 → 2/3; class 1: TP 1, FN 1, FP 1 → 1/3; class 2: never labelled.
    expect(report.iou[0]).toBeCloseTo(2 / 3);
    expect(report.iou[1]).toBeCloseTo(1 / 3);
    expect(report.iou[2]).toBe(0);
    expect(report.support).toEqual([3, 2, 0]);
    expect(report.miou).toBeCloseTo(0.5); // class 2 is absent from the labels: not averaged
    expect(report.pixelAccuracy).toBeCloseTo(3 / 5);
  });
});
