// fetch that reports download progress summed over every file it fetches (model.json and its
// weight shards, fetched in parallel), for the "Downloading model… 40 %" status.

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
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      onProgress({ loaded, total });
    }
    return new Response(new Blob(chunks as BlobPart[]), { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
