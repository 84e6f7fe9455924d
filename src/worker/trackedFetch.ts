// fetch that reports download progress summed over every file it fetches (model.json and its
// weight shards), for the "Downloading model… 40 %" status. Bodies stay streams: the loader
// reads them under its size caps, and cancelling one stops the download.

export interface DownloadProgress {
  loaded: number;
  /** Sum of the Content-Length headers seen so far; 0 when no file announced its size. */
  total: number;
}

export function trackedFetch(onProgress: (progress: DownloadProgress) => void, base: typeof fetch = fetch): (url: string) => Promise<Response> {
  let loaded = 0;
  let total = 0;
  return async (url) => {
    const response = await base(url);
    const length = Number(response.headers.get('content-length'));
    if (!response.ok || !response.body || !(length > 0)) return response;
    total += length;
    onProgress({ loaded, total });
    const counting = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        onProgress({ loaded, total });
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(counting), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}
