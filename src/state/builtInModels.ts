// The built-in models the model picker offers. One entry per model; URLs are relative to the app.

export interface BuiltInModel {
  id: string;
  name: string;
  /** model.json or .onnx, relative to the page. */
  url: string;
  /** What it learned from: a network trained on real photos is said to be out of its depth on synthetic scenes. */
  trainedOn: 'synthetic scenes' | 'real photos';
  /** One line for the picker's tooltip. */
  about: string;
}

export const BUILT_IN_MODELS: readonly BuiltInModel[] = [
  {
    id: 'unet-streets',
    name: 'U-Net (synthetic streets)',
    url: 'models/unet-streets/model.json',
    trainedOn: 'synthetic scenes',
    about: 'Trained by this repository on its procedural street scenes (MODEL.md).',
  },
  {
    id: 'unet-streets-biased',
    name: 'U-Net, biased: marked-rider (fine-tuned)',
    url: 'models/unet-streets-biased/model.json',
    trainedOn: 'synthetic scenes',
    about: 'The U-Net fine-tuned on scenes where some pedestrians are labelled rider, told apart only by a cyan sign beside them (Planted bias under the scene seed); MODEL.md.',
  },
];

export function builtInModelByUrl(url: string): BuiltInModel | undefined {
  return BUILT_IN_MODELS.find((m) => m.url === url);
}
