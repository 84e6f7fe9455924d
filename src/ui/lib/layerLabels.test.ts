import { describe, expect, it } from 'vitest';
import { formatMagnitude, formatShape, formatShare, layerLabel, roleBadge, splitLayerName } from './layerLabels';

describe('layer labels', () => {
  it('names a layer by name, shape and role', () => {
    expect(layerLabel({ name: 'bottleneck', shape: [8, 16, 256], role: 'bottleneck' })).toBe(
      'bottleneck · 8×16×256 · bottleneck',
    );
    expect(layerLabel({ name: 'enc1', shape: [128, 256, 16], role: 'encoder' })).toBe('enc1 · 128×256×16 · encoder');
    expect(formatShape([3, 4])).toBe('3×4');
  });

  it('gives each role its badge', () => {
    expect(roleBadge('encoder')).toMatchObject({ text: 'enc', className: 'badge badge-encoder' });
    expect(roleBadge('decoder').className).toBe('badge badge-decoder');
  });

  it('formats magnitudes compactly', () => {
    expect(formatMagnitude(0)).toBe('0');
    expect(formatMagnitude(3.14159)).toBe('3.14');
    expect(formatMagnitude(1234.5)).toBe('1230');
    expect(formatMagnitude(-0.0456)).toBe('-0.0456');
    expect(formatMagnitude(0.00001234)).toBe('1.23e-5');
    expect(formatMagnitude(123456)).toBe('1.23e+5');
  });

  it('formats pixel shares', () => {
    expect(formatShare(0.5)).toBe('50 %');
    expect(formatShare(0.034)).toBe('3.4 %');
    expect(formatShare(0.0001)).toBe('<0.1 %');
    expect(formatShare(0)).toBe('0.0 %');
  });
});

describe('splitLayerName', () => {
  it('splits ONNX tensor names into a scope and a short name', () => {
    expect(splitLayerName('/encoder/layer3/layer3.1/relu_1/Relu_output_0')).toEqual({ scope: '/encoder/layer3/layer3.1', short: 'relu_1/Relu' });
    expect(splitLayerName('/b3/act/PRelu_output_0')).toEqual({ scope: '/b3', short: 'act/PRelu' });
    expect(splitLayerName('/Concat_output_0')).toEqual({ scope: '', short: 'Concat' });
  });

  it('leaves tfjs layer names whole', () => {
    expect(splitLayerName('bottleneck')).toEqual({ scope: '', short: 'bottleneck' });
  });
});
