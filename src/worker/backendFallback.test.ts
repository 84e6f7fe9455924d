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

describe('software WebGL', () => {
  it('starts on wasm by default when the renderer is software, and says why', async () => {
    const service = new ExplainerService(undefined, async () => 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)');
    const info = await service.start({ backend: null, wasmPaths: '' }, () => undefined);
    expect(info.backend).toBe('wasm');
    expect(info.fallbackReason).toMatch(/software-rendered.*SwiftShader.*wasm is faster/);
    expect((await service.status()).fallbackReason).toBe(info.fallbackReason);
  });

  it('?backend=webgl is still tried on a software renderer', async () => {
    let asked = false;
    const service = new ExplainerService(undefined, async () => {
      asked = true;
      return 'llvmpipe (LLVM 15.0.6, 256 bits)';
    });
    const progress: Progress[] = [];
    const info = await service.start({ backend: 'webgl', wasmPaths: '' }, (p) => progress.push(p));
    expect(asked).toBe(false);
    expect(progress[0].message).toMatch(/Starting the webgl backend/);
    expect(info.fallbackReason).toMatch(/webgl unavailable/); // Node has no WebGL
  });

  it('a model asked for while WebGL is being checked downloads meanwhile', async () => {
    const order: string[] = [];
    let answer!: (renderer: string) => void;
    const service = new ExplainerService(
      {
        fromUrl: async () => {
          order.push('download begins');
          throw new Error('not needed here');
        },
        fromFiles: async () => {
          throw new Error('not needed here');
        },
      },
      () => new Promise<string>((resolve) => (answer = resolve)),
    );
    service.prepare({ start: { backend: null, wasmPaths: '' }, model: { url: 'models/default/model.json', options: { shipped: true } } });
    const started = service.start({ backend: null, wasmPaths: '' }, () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(order).toEqual(['download begins']);
    answer('llvmpipe (LLVM 15.0.6, 256 bits)');
    expect((await started).backend).toBe('wasm');
    await expect(service.loadModelFromUrl('models/default/model.json', { shipped: true })).rejects.toThrow(/not needed here/);
    service.dispose();
  });

  it('WebGL that gives no answer: starts on wasm and says why', async () => {
    const service = new ExplainerService(undefined, () => Promise.reject(new Error('WebGL gave no answer within 5 s')));
    const info = await service.start({ backend: null, wasmPaths: '' }, () => undefined);
    expect(info.backend).toBe('wasm');
    expect(info.fallbackReason).toBe('WebGL gave no answer within 5 s, so wasm; ?backend=webgl forces webgl');
    service.dispose();
  });
});
