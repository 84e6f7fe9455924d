// The worker as the bridge sees it: plain async calls. The Comlink details (a proxied progress
// callback, transferring the pixels) stay here, so tests can hand the bridge a plain fake.
import * as Comlink from 'comlink';
import type { ExplainerApi } from '../../worker/protocol';

export type WorkerClient = Pick<ExplainerApi, 'start' | 'loadModelFromUrl' | 'loadModelFromFiles' | 'setImage' | 'segment' | 'explain'>;

/** The evidence panel's calls (deletion curve, sanity check): long, supervised like explain. */
export type EvidenceClient = Pick<ExplainerApi, 'faithfulness' | 'sanity'>;

export function comlinkEvidenceClient(remote: Comlink.Remote<ExplainerApi>): EvidenceClient {
  return {
    faithfulness: (request) => remote.faithfulness(request),
    sanity: (request) => remote.sanity(request),
  };
}

export function comlinkClient(remote: Comlink.Remote<ExplainerApi>): WorkerClient {
  return {
    start: (options, onProgress) => remote.start(options, Comlink.proxy(onProgress)),
    loadModelFromUrl: (url, options) => remote.loadModelFromUrl(url, options),
    loadModelFromFiles: (files) => remote.loadModelFromFiles(files),
    setImage: (rgb, height, width) => remote.setImage(Comlink.transfer(rgb, [rgb.buffer]), height, width),
    segment: () => remote.segment(),
    explain: (request) => remote.explain(request),
  };
}
