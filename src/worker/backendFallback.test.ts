// Node has no WebGL: asking for webgl must fall back to wasm, and say why.
import { describe, expect, it } from 'vitest';
import { ExplainerService } from './explainerService';
import type { Progress } from './protocol';

describe('backend fallback', () => {
  it('falls back from webgl to wasm when WebGL is unavailable, and reports it', async () => {
    const progress: Progress[] = [];
    const service = new ExplainerService();
    const info = await service.start({ backend: null, wasmPaths: '' }, (p) => progress.push(p));
    expect(info.backend).toBe('wasm');
    expect(info.fallbackReason).toMatch(/webgl/);
    expect(progress.map((p) => p.message).join('\n')).toMatch(/webgl unavailable/);
  });
});
