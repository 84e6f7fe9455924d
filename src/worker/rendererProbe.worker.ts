// Asks which WebGL this machine has, off the explainer worker's thread: a page's first WebGL
// context can block its thread for 0.3–0.9 s while the browser starts its GPU process, and the
// explainer worker has a model to download and a backend to load meanwhile.
import { webglRenderer } from '../engine/softwareWebgl';

postMessage(webglRenderer());
