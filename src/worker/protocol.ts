// The worker's RPC surface as plain data: shared by the worker and the hook that owns it.
// Nothing here imports tfjs, so the UI can use these types freely.
import type { ExplainableLayer, Method, ModelDescriptor } from '../engine/types';
import type { WireExplanation } from './wireExplanation';
import type { Size } from '../imaging/geometry';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const BACKEND_NAMES: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export type ProgressStage = 'backend' | 'model' | 'warmup' | 'segment' | 'explain';

export interface Progress {
  stage: ProgressStage;
  message: string;
  /** 0..1 when known (model download). */
  fraction?: number;
}

export type ProgressListener = (progress: Progress) => void;

export interface BackendInfo {
  backend: BackendName;
  /** Set when the backend differs from the one asked for (or from webgl, the default), and why. */
  fallbackReason: string | null;
  /** wasm only: how many threads its kernels run on (more than 1 needs cross-origin isolation). */
  threads?: number;
}

export interface ModelInfo {
  descriptor: ModelDescriptor;
  inputSize: Size;
  outputSize: Size;
  numClasses: number;
  layers: ExplainableLayer[];
  defaultLayer: string;
  warnings: string[];
}

export interface Segmentation {
  height: number;
  width: number;
  /** Predicted class per output pixel. */
  labels: Uint8Array;
  /** Softmax probability of the predicted class per output pixel. */
  probability: Float32Array;
}

export interface ExplainRequest {
  classIndex: number;
  /** At output resolution, row-major, non-zero = in M. */
  mask: Uint8Array;
  method: Method;
}

/** Deletion/insertion of the current image in the order of `map` (input resolution). */
export interface FaithfulnessRequest {
  classIndex: number;
  mask: Uint8Array;
  map: Float32Array;
}

export interface FaithfulnessResult {
  deletionAuc: number;
  insertionAuc: number;
  /** S along the deletion curve, 1 = intact, 0 = all filled. */
  deletion: number[];
}

export interface SanityRequest extends ExplainRequest {
  layer: string;
}

/** The map at `layer` of the trained model and of the model with its head re-drawn. */
export interface SanityResult {
  layer: string;
  shape: [number, number, number];
  randomizedBlocks: string[];
  original: Float32Array;
  randomized: Float32Array;
  spearman: number;
}

export const SUPERSEDED = 'superseded' as const;
export type Superseded = typeof SUPERSEDED;

export interface ExplainResult {
  /** Layer-sized maps only: the page upsamples the layer it shows (upsampledCam). */
  explanation: WireExplanation;
  elapsedMs: number;
  /** How many explanations the worker has computed so far (this one included). */
  computeCount: number;
}

export interface WorkerStatus {
  backend: BackendName | null;
  fallbackReason: string | null;
  modelName: string | null;
  inputSize: Size | null;
  computeCount: number;
}

export interface StartOptions {
  /** null: webgl (wasm when WebGL is software-rendered), falling back to wasm, then cpu, when it cannot start. */
  backend: BackendName | null;
  wasmPaths: string;
  /** wasm threads asked for in the URL (?threads=N); absent or null: the default for this machine. */
  threads?: number | null;
}

export interface LoadOptions {
  shipped?: boolean;
}

export interface ExplainerApi {
  /** wasmPaths: absolute URL prefix of the served tfjs .wasm binaries (ends with '/'). */
  start(options: StartOptions, onProgress: ProgressListener): Promise<BackendInfo>;
  status(): Promise<WorkerStatus>;
  /**
   * `shipped`: a model built into the app and tested with it; its declared layer shapes are
   * taken as they are, so no forward pass runs before its first image (a first-visit speed-up).
   */
  loadModelFromUrl(url: string, options?: LoadOptions): Promise<ModelInfo>;
  loadModelFromFiles(files: File[]): Promise<ModelInfo>;
  /** rgb is 0..255 RGB at exactly the model's input size. */
  setImage(rgb: Uint8Array, height: number, width: number): Promise<void>;
  segment(): Promise<Segmentation>;
  explain(request: ExplainRequest): Promise<ExplainResult | Superseded>;
  faithfulness(request: FaithfulnessRequest): Promise<FaithfulnessResult | Superseded>;
  sanity(request: SanityRequest): Promise<SanityResult | Superseded>;
}
