// The Web Worker: all tfjs work happens here, behind a Comlink RPC surface (see protocol.ts).
// A lost WebGL context is reported to the page's watchdog (contextLoss.ts).
import * as Comlink from 'comlink';
import { ExplainerService } from './explainerService';
import type { StartOptions, ProgressListener, BackendInfo } from './protocol';
import { watchWebglContext } from './contextLoss';

const service = new ExplainerService();
const start = service.start.bind(service);
service.start = async (options: StartOptions, onProgress: ProgressListener): Promise<BackendInfo> => {
  const info = await start(options, onProgress);
  watchWebglContext((message) => self.postMessage(message));
  return info;
};
Comlink.expose(service);
