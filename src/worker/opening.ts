// What a new worker does before the page's first message: start its backend and, for a page
// that opens on the default model, download and build it. The page puts this in the worker's
// name, the one thing a worker can read at once: a message sent at creation waits for the page's
// main thread (the browser hands queued messages over from there), busy with its first render.
import { BACKEND_NAMES, type LoadOptions, type StartOptions } from './protocol';

export interface Opening {
  start: StartOptions;
  /** Absolute URL; only a model the page would load without asking (the default one). */
  model?: { url: string; options: LoadOptions };
}

const PREFIX = 'segcam-opening:';

export function openingName(opening: Opening): string {
  return PREFIX + JSON.stringify(opening);
}

/** The opening in a worker's name, or null when the name holds none (or a malformed one). */
export function openingFromName(name: string): Opening | null {
  if (!name.startsWith(PREFIX)) return null;
  let o: Partial<Opening> | null;
  try {
    o = JSON.parse(name.slice(PREFIX.length)) as Partial<Opening> | null;
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null) return null;
  const start = o.start;
  if (typeof start !== 'object' || start === null || typeof start.wasmPaths !== 'string') return null;
  if (start.backend !== null && !(BACKEND_NAMES as readonly unknown[]).includes(start.backend)) return null;
  const threads = start.threads ?? null;
  if (threads !== null && !Number.isInteger(threads)) return null;
  const opening: Opening = { start: { backend: start.backend, wasmPaths: start.wasmPaths, threads } };
  const model = o.model;
  if (model !== undefined) {
    if (typeof model?.url !== 'string' || typeof model.options !== 'object' || model.options === null) return null;
    opening.model = { url: model.url, options: { shipped: model.options.shipped === true } };
  }
  return opening;
}
