// The Web Worker: all tfjs work happens here, behind a Comlink RPC surface (see protocol.ts).
// A lost WebGL context is reported to the page's watchdog (contextLoss.ts).
import * as Comlink from 'comlink';
import { ExplainerService } from './explainerService';
import type { StartOptions, ProgressListener, BackendInfo } from './protocol';
import { watchWebglContext } from './contextLoss';
import { openingFromName } from './opening';

const service = new ExplainerService();
// The page names the worker after its opening (opening.ts): begin it at once.
const opening = openingFromName(self.name);
if (opening) service.prepare(opening);
const start = service.start.bind(service);
service.start = async (options: StartOptions, onProgress: ProgressListener): Promise<BackendInfo> => {
  const info = await start(options, onProgress);
  watchWebglContext((message) => self.postMessage(message));
  return info;
};
Comlink.expose(service);
