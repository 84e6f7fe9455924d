// The shareable part of the app state: what a link restores.
import type { Method } from '../engine/types';
import type { ColormapName } from '../formats/colormap';
import type { FitMode } from '../imaging/fitImage';
import type { Mask } from '../mask/mask';
import type { BiasName } from '../scenes/types';

export type ImageSource =
  /** bias: the scene with a planted bias (scenes/bias.ts), as a biased model was trained on. */
  | { kind: 'scene'; seed: number; bias?: BiasName }
  | { kind: 'url'; url: string }
  /** A file the user opened: it cannot travel in a link. */
  | { kind: 'local'; name: string };

export interface ViewOptions {
  showSegmentation: boolean;
  showHeatmap: boolean;
  colormap: ColormapName;
  /** Heatmap opacity 0..1. */
  opacity: number;
}

export interface ShareableView {
  source: ImageSource;
  modelUrl: string;
  classIndex: number | null;
  layer: string | null;
  method: Method;
  /** M at output resolution. */
  mask: Mask | null;
  view: ViewOptions;
  /** How an image is fitted to the model input; in links only together with an image URL. */
  fitMode: FitMode;
}

export const DEFAULT_MODEL_URL = 'models/unet-streets/model.json';
/** modelUrl of a model opened from local files: it cannot travel in a link. */
export const LOCAL_MODEL_PREFIX = 'local:';
export const DEFAULT_SCENE_SEED = 1;

export const DEFAULT_VIEW_OPTIONS: ViewOptions = {
  showSegmentation: false,
  showHeatmap: true,
  colormap: 'turbo',
  opacity: 0.6,
};
