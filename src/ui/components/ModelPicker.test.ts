import { describe, expect, it } from 'vitest';
import { BUILT_IN_MODELS, type BuiltInModel } from '../../state/builtInModels';
import { DEFAULT_MODEL_URL } from '../../state/view';
import { realPhotoNote } from './ModelPicker';

const realNet: BuiltInModel = { id: 'x', name: 'ESPNet', url: 'models/x/model.json', trainedOn: 'real photos', about: '' };

describe('built-in models', () => {
  it('lists the default model first, each with a distinct id and URL', () => {
    expect(BUILT_IN_MODELS[0].url).toBe(DEFAULT_MODEL_URL);
    expect(new Set(BUILT_IN_MODELS.map((m) => m.id)).size).toBe(BUILT_IN_MODELS.length);
    expect(new Set(BUILT_IN_MODELS.map((m) => m.url)).size).toBe(BUILT_IN_MODELS.length);
  });

  it('notes that a real-photo network looks at a synthetic scene, only then', () => {
    expect(realPhotoNote(realNet, true)).toMatch(/ESPNet was trained on real street photos.*open one of your photos/);
    expect(realPhotoNote(realNet, false)).toBeNull();
    expect(realPhotoNote(BUILT_IN_MODELS[0], true)).toBeNull();
    expect(realPhotoNote(undefined, true)).toBeNull();
  });
});
