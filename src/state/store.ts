// The one app store. UI events call actions here; the worker bridge (bridge/workerBridge.ts)
// reacts to the state and writes results back through actions too: only actions write state.
// The shareable fields (ShareableView) round-trip through the URL hash.
import { create, type StateCreator } from 'zustand';
import type { Explanation, LayerExplanation, Method } from '../engine/types';
import { methodFence, outputRawOf } from '../engine/methodFences';
import type { BackendInfo, ModelInfo, Progress, Segmentation } from '../worker/protocol';
import { emptyHistory, recordEdit, redo, undo, type MaskHistory } from './maskHistory';
import {
  DEFAULT_MODEL_URL,
  DEFAULT_SCENE_SEED,
  DEFAULT_VIEW_OPTIONS,
  type ImageSource,
  type ShareableView,
  type ViewOptions,
} from './view';
import type { ParsedHash } from './urlHash';
import { changesExplanationInputs } from './explanationInputs';
import { firstMaskIndex, isEmptyMask, type Mask } from '../mask/mask';
import { DEFAULT_FIT_MODE, type FitMapping, type FitMode } from '../imaging/fitImage';
import { resolvePendingInput, type PendingInput } from './pendingInput';

export const WAITING_FOR_MODEL = 'will explain when the model is ready';

export type Tool = 'pixel' | 'brush' | 'eraser' | 'object';

/** The image as opened, at its own resolution. */
export interface DisplayImage {
  /** RGBA, row-major, width·height·4 (ImageData layout). */
  rgba: Uint8ClampedArray;
  height: number;
  width: number;
}

export interface FeaturedScene {
  seed: number;
  title: string;
}

export interface PinnedAlpha {
  layer: string;
  classIndex: number;
  maskSize: number;
  alpha: Float32Array;
}

export interface AppState extends ShareableView {
  backend: BackendInfo | null;
  /** Progress and results, announced by the role="status" region. */
  status: string;
  /** A long step in progress (model download, shader warm-up, first explanation), or null. */
  progress: Progress | null;
  /** Scenes the app offers first (public/scenes/featured.json). */
  featured: FeaturedScene[];
  /** The last failure (model, image, worker); the previous state stays usable. */
  error: string | null;
  /** Things the user should know: bad link fields, backend fallback, placeholder model. */
  notices: string[];
  /** The model whose results are on screen; modelUrl may be ahead of it while loading. */
  model: ModelInfo | null;
  /** The URL (or file names) the loaded model came from. */
  loadedModelUrl: string | null;
  image: DisplayImage | null;
  /** How the image maps onto the model input (under fitMode); set when the worker has it. */
  fit: FitMapping | null;
  segmentation: Segmentation | null;
  history: MaskHistory<Mask | null>;
  tool: Tool;
  brushSize: number;
  /** The explanation of the current target, or null while none is computed. */
  explanation: Explanation | null;
  explaining: boolean;
  /** Explanations the worker has computed (a test hook reads it through the canvas). */
  computeCount: number;
  pinned: PinnedAlpha | null;
  /** A click, stroke or tool used before the model was ready: applied once it is (pendingInput.ts). */
  pendingInput: PendingInput | null;
}

export interface AppActions {
  setStatus(status: string): void;
  setProgress(progress: Progress | null): void;
  setFeatured(featured: FeaturedScene[]): void;
  dismissNotice(index: number): void;
  setError(error: string | null): void;
  addNotice(notice: string): void;
  setBackend(backend: BackendInfo): void;
  requestModel(url: string): void;
  modelLoaded(model: ModelInfo, url: string): void;
  modelFailed(message: string): void;
  requestSource(source: ImageSource): void;
  imageLoaded(image: DisplayImage, source: ImageSource): void;
  imageFitted(fit: FitMapping): void;
  setFitMode(mode: FitMode): void;
  /** The image is being fitted anew (another fit mode): its results are gone, like a new image's. */
  refitStarted(): void;
  setSegmentation(segmentation: Segmentation | null): void;
  /** anchor: the output pixel (bit index) the edit started from; it sets the class when M is replaced. */
  setMask(mask: Mask | null, anchor?: number): void;
  /** Input before the model (or the image's segmentation) is ready: kept, and explained when it is. */
  queueInput(input: PendingInput): void;
  undo(): void;
  redo(): void;
  setClass(classIndex: number): void;
  setLayer(layer: string): void;
  stepLayer(delta: number): void;
  setMethod(method: Method): void;
  setTool(tool: Tool): void;
  setBrushSize(size: number): void;
  setViewOptions(options: Partial<ViewOptions>): void;
  explanationStarted(): void;
  explanationArrived(explanation: Explanation, computeCount: number): void;
  explanationFailed(message: string): void;
  /** The target became incomplete (no mask, class or segmentation): nothing is being explained. */
  explanationCancelled(): void;
  pinAlpha(): void;
  unpinAlpha(): void;
  applyHash(parsed: ParsedHash): void;
}

export type AppStore = AppState & AppActions;

function classOutOfRange(classIndex: number, numClasses: number): string {
  return `The link's class ${classIndex} is out of range for this model (classes 0..${numClasses - 1}); the class under the mask is used.`;
}

export function initialState(): AppState {
  return {
    source: { kind: 'scene', seed: DEFAULT_SCENE_SEED },
    modelUrl: DEFAULT_MODEL_URL,
    classIndex: null,
    layer: null,
    method: 'seg-grad-cam',
    mask: null,
    view: { ...DEFAULT_VIEW_OPTIONS },
    fitMode: DEFAULT_FIT_MODE,
    backend: null,
    status: 'Starting…',
    progress: null,
    featured: [],
    error: null,
    notices: [],
    model: null,
    loadedModelUrl: null,
    image: null,
    fit: null,
    segmentation: null,
    history: emptyHistory(),
    tool: 'pixel',
    brushSize: 6,
    explanation: null,
    explaining: false,
    computeCount: 0,
    pinned: null,
    pendingInput: null,
  };
}

/** The class under the anchor (or the first pixel of M), when a segmentation is known. */
function classUnder(state: AppState, mask: Mask, anchor: number | undefined): number | null {
  const labels = state.segmentation?.labels;
  if (!labels || labels.length !== mask.bits.length) return null;
  const index = anchor ?? firstMaskIndex(mask);
  return index >= 0 ? labels[index] : null;
}

/**
 * Every action writes through this, so the explanation is dropped in one place
 * (explanationInputs.ts), whichever action changed what it was computed from.
 */
function dropsStaleExplanation(config: StateCreator<AppStore>): StateCreator<AppStore> {
  return (set, get, api) =>
    config(
      (update) =>
        set((s) => {
          const patch = typeof update === 'function' ? update(s) : update;
          return changesExplanationInputs(s, patch) ? { ...patch, explanation: null } : patch;
        }),
      get,
      api,
    );
}

export const useAppStore = create<AppStore>()(dropsStaleExplanation((set, get) => ({
  ...initialState(),

  setStatus: (status) => set({ status }),
  setProgress: (progress) =>
    set((s) => (progress ? { progress, status: s.pendingInput ? `${progress.message} (${WAITING_FOR_MODEL})` : progress.message } : { progress })),
  setFeatured: (featured) => set({ featured }),
  dismissNotice: (index) => set((s) => ({ notices: s.notices.filter((_, i) => i !== index) })),
  setError: (error) => set({ error }),
  addNotice: (notice) => set((s) => (s.notices.includes(notice) ? s : { notices: [...s.notices, notice] })),
  setBackend: (backend) => set({ backend }),

  requestModel: (url) => set({ modelUrl: url, error: null }),
  modelLoaded: (model, url) =>
    set((s) => {
      const size = model.outputSize;
      const maskFits = s.mask !== null && s.mask.height === size.height && s.mask.width === size.width;
      const layerKnown = s.layer !== null && model.layers.some((l) => l.name === s.layer);
      const classKnown = s.classIndex !== null && s.classIndex < model.numClasses;
      const notices = [...s.notices];
      if (s.mask && !maskFits) notices.push(`The mask (${s.mask.height}×${s.mask.width}) does not fit this model's output (${size.height}×${size.width}); it was cleared.`);
      if (s.layer !== null && !layerKnown) notices.push(`This model has no layer "${s.layer}"; showing ${model.defaultLayer}.`);
      if (s.classIndex !== null && !classKnown) notices.push(classOutOfRange(s.classIndex, model.numClasses));
      return {
        model,
        modelUrl: url,
        loadedModelUrl: url,
        notices,
        mask: maskFits ? s.mask : null,
        history: maskFits ? s.history : emptyHistory(),
        layer: layerKnown ? s.layer : model.defaultLayer,
        classIndex: classKnown ? s.classIndex : null,
        segmentation: null,
        pinned: null,
      };
    }),
  modelFailed: (message) =>
    set((s) => {
      // With no model yet (a link's model failed), fall back to the default one rather than none.
      const fallBack = s.loadedModelUrl === null && s.modelUrl !== DEFAULT_MODEL_URL;
      return {
        error: message,
        progress: null,
        modelUrl: s.loadedModelUrl ?? DEFAULT_MODEL_URL,
        status: fallBack ? 'Model failed to load; loading the default model…' : 'Model failed to load',
        notices: fallBack ? [...s.notices, 'The requested model could not be loaded; the default model is loaded instead.'] : s.notices,
      };
    }),

  requestSource: (source) => set({ source, error: null }),
  imageLoaded: (image, source) =>
    set((s) => ({
      image,
      source,
      segmentation: null,
      // A new image keeps M (same output size), so one mask can be compared across scenes.
      mask: s.mask,
    })),
  imageFitted: (fit) => set({ fit }),
  setFitMode: (fitMode) => set({ fitMode }),
  refitStarted: () => set({ fit: null, segmentation: null }),
  setSegmentation: (segmentation) => {
    set((s) => {
      if (!segmentation || s.classIndex !== null || !s.mask) return { segmentation };
      const labels = segmentation.labels;
      const first = firstMaskIndex(s.mask);
      return { segmentation, classIndex: first >= 0 && labels.length === s.mask.bits.length ? labels[first] : null };
    });
    const s = get();
    const output = s.model?.outputSize;
    if (!s.pendingInput || !segmentation || !s.fit || !output || segmentation.height !== output.height || segmentation.width !== output.width) return;
    const mask = s.mask && s.mask.height === output.height && s.mask.width === output.width ? s.mask : null;
    const resolved = resolvePendingInput(s.pendingInput, { fit: s.fit, segmentation, mask });
    set({ pendingInput: null });
    if (resolved) get().setMask(resolved.mask, resolved.anchor);
  },

  setMask: (edited, anchor) =>
    set((s) => {
      if (!s.model) return edited === null ? { pendingInput: null } : s;
      const mask = edited && !isEmptyMask(edited) ? edited : null;
      const replaced = anchor !== undefined || s.classIndex === null;
      const classIndex = mask && replaced ? (classUnder(s, mask, anchor) ?? s.classIndex) : s.classIndex;
      return { mask, classIndex, history: recordEdit(s.history, s.mask), pendingInput: null };
    }),
  queueInput: (input) => set((s) => ({ pendingInput: input, status: s.progress ? `${s.progress.message} (${WAITING_FOR_MODEL})` : `Your selection ${WAITING_FOR_MODEL}` })),
  undo: () => {
    const s = get();
    const step = undo(s.history, s.mask);
    if (step) set({ history: step.history, mask: step.mask });
  },
  redo: () => {
    const s = get();
    const step = redo(s.history, s.mask);
    if (step) set({ history: step.history, mask: step.mask });
  },

  setClass: (classIndex) => set({ classIndex }),
  setLayer: (layer) => set({ layer }),
  stepLayer: (delta) => {
    const { model, layer } = get();
    if (!model || model.layers.length === 0) return;
    const index = Math.max(0, model.layers.findIndex((l) => l.name === layer));
    const next = Math.min(model.layers.length - 1, Math.max(0, index + delta));
    set({ layer: model.layers[next].name });
  },
  setMethod: (method) => set({ method }),
  setTool: (tool) => set({ tool }),
  setBrushSize: (brushSize) => set({ brushSize: Math.max(1, Math.min(64, Math.round(brushSize))) }),
  setViewOptions: (options) => set((s) => ({ view: { ...s.view, ...options } })),

  explanationStarted: () => set({ explaining: true, status: 'Explaining…' }),
  explanationArrived: (explanation, computeCount) =>
    set({ explanation, computeCount, explaining: false, progress: null, status: 'Heatmap ready' }),
  explanationFailed: (message) => set({ explaining: false, progress: null, error: message, status: 'Explanation failed' }),
  explanationCancelled: () => set({ explaining: false }),

  pinAlpha: () => {
    const s = get();
    const current = currentLayerExplanation(s);
    if (!current || !s.explanation) return;
    set({ pinned: { layer: current.layer, classIndex: s.explanation.classIndex, maskSize: s.explanation.maskSize, alpha: current.alpha } });
  },
  unpinAlpha: () => set({ pinned: null }),

  applyHash: ({ view, errors }) =>
    set((s) => {
      const notices = errors.length > 0 ? [...s.notices, `Some parts of the link could not be read: ${errors.join('; ')}.`] : [...s.notices];
      const next: Partial<AppState> = { ...view, view: { ...s.view, ...view.view } };
      // With a model already loaded (a link pasted into this tab), check the link against it now.
      const size = s.model?.outputSize;
      if (size && view.mask && (view.mask.height !== size.height || view.mask.width !== size.width)) {
        notices.push(`The link's mask (${view.mask.height}×${view.mask.width}) does not fit this model's output (${size.height}×${size.width}); the current mask stays.`);
        delete next.mask;
      }
      if (s.model && view.layer !== undefined && !s.model.layers.some((l) => l.name === view.layer)) {
        notices.push(`This model has no layer "${view.layer}"; showing ${s.model.defaultLayer}.`);
        next.layer = s.model.defaultLayer;
      }
      if (s.model && typeof view.classIndex === 'number' && view.classIndex >= s.model.numClasses) {
        notices.push(classOutOfRange(view.classIndex, s.model.numClasses));
        next.classIndex = null;
      }
      if (next.mask !== undefined && next.mask !== s.mask) next.history = recordEdit(s.history, s.mask);
      return { ...next, notices };
    }),
})));

/**
 * The current layer's explanation, when the explanation on hand has it. Input-gradient
 * saliency has one map, at the input, whatever the layer slider says.
 */
export function currentLayerExplanation(state: Pick<AppState, 'explanation' | 'layer'>): LayerExplanation | null {
  const explanation = state.explanation;
  if (!explanation) return null;
  if (explanation.method === 'saliency') return explanation.layers[0] ?? null;
  return explanation.layers.find((l) => l.layer === state.layer) ?? null;
}

/** Why `layer`'s map in `explanation` must not be drawn as evidence (engine/methodFences.ts), or null. */
function fenceReason(explanation: Explanation, layer: LayerExplanation, mask: Mask, model: ModelInfo): string | null {
  const outputLayer = model.layers.at(-1)?.name;
  const context = {
    mask: mask.bits,
    outputSize: model.outputSize,
    isOutput: layer.layer === outputLayer,
    outputRaw: outputRawOf(explanation.layers, outputLayer),
  };
  return methodFence(explanation.method, layer, context)?.reason ?? null;
}

/**
 * Why the current layer's map must not be drawn as evidence (a map that is M or the class
 * score by construction, Grad-CAM++ on signed values: engine/methodFences.ts), or null.
 */
export function currentFenceReason(state: Pick<AppState, 'explanation' | 'layer' | 'mask' | 'model'>): string | null {
  const { explanation, mask, model } = state;
  const layer = currentLayerExplanation(state);
  if (!explanation || !layer || !mask || !model) return null;
  return fenceReason(explanation, layer, mask, model);
}

/** Every fenced layer of an explanation with its reason (the layer strip marks them). */
export function fencedLayers(state: Pick<AppState, 'explanation' | 'mask' | 'model'>): Map<string, string> {
  const { explanation, mask, model } = state;
  const fenced = new Map<string, string>();
  if (!explanation || !mask || !model || explanation.method === 'saliency') return fenced;
  for (const layer of explanation.layers) {
    const reason = fenceReason(explanation, layer, mask, model);
    if (reason) fenced.set(layer.layer, reason);
  }
  return fenced;
}

export function shareableView(state: AppState): ShareableView {
  const { source, modelUrl, classIndex, layer, method, mask, view, fitMode } = state;
  return { source, modelUrl, classIndex, layer, method, mask, view, fitMode };
}
