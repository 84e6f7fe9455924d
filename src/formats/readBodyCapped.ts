// Reading an HTTP body without trusting it: a size cap checked from Content-Length before the
// first byte, then on every chunk, cancelling the download as soon as it is passed.
import { formatBytes } from './limits';

/**
 * Reads a body of at most maxBytes, refusing from Content-Length before reading, else as soon
 * as the stream passes the cap. `refusal` words the error from the size seen.
 */
export async function readBodyCapped(response: Response, maxBytes: number, refusal: (size: string) => string): Promise<Uint8Array> {
  const tooBig = (size: string): Error => new Error(refusal(size));
  const announced = Number(response.headers.get('content-length'));
  if (announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooBig(formatBytes(announced));
  }
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > maxBytes) throw tooBig(formatBytes(bytes.byteLength));
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooBig(`more than ${formatBytes(maxBytes)}`);
    }
    chunks.push(value);
  }
  const joined = new Uint8Array(received);
  let offset = 0;
  for (const c of chunks) {
    joined.set(c, offset);
    offset += c.byteLength;
  }
  return joined;
}

