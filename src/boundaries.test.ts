// The import boundaries (eslint.boundaries.js) really fail lint: each breach below is linted as
// if it were a file in that room, and must be reported; the allowed imports must not be.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: REPO });

async function restricted(filePath: string, imports: string[]): Promise<string[]> {
  const code = imports.map((spec, i) => `import * as m${i} from '${spec}';`).join('\n') + `\nexport const all = [${imports.map((_, i) => `m${i}`).join(', ')}];\n`;
  const [result] = await eslint.lintText(code, { filePath: `${REPO}${filePath}` });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => code.split('\n')[m.line - 1].replace(/.* from '(.*)';/, '$1'));
}

describe('import boundaries', () => {
  it('pure rooms import no engine, UI, state, worker, tfjs or Node', async () => {
    const breaches = ['../engine/explainer', '../ui/lib/color', '../state/store', '../worker/protocol', '@tensorflow/tfjs-core', 'node:fs', 'pngjs', 'react'];
    expect(await restricted('src/mask/breach.ts', breaches)).toEqual(breaches);
    expect(await restricted('src/imaging/breach.ts', ['../model/unet', '../scenes/generate'])).toHaveLength(2);
    expect(await restricted('src/formats/breach.ts', ['../files/image'])).toHaveLength(1);
    expect(await restricted('src/mask/allowed.ts', ['../imaging/geometry', '../datasets/cityscapes', './rle'])).toEqual([]);
  });

  it('engine and scenes import no UI, state, worker or Node', async () => {
    const breaches = ['../ui/App', '../state/store', '../worker/protocol', 'node:fs'];
    expect(await restricted('src/engine/breach.ts', breaches)).toEqual(breaches);
    expect(await restricted('src/scenes/paint/breach.ts', ['../../state/view'])).toHaveLength(1);
    expect(await restricted('src/engine/allowed.ts', ['@tensorflow/tfjs-core', '../mask/mask', './types'])).toEqual([]);
  });

  it("the UI imports no tfjs, training, model loading or engine runtime; engine types are fine", async () => {
    const breaches = ['@tensorflow/tfjs-core', '../../training/trainLoop', '../../model/loadModel', '../../engine/explainer', '../../worker/explainerService', 'node:path'];
    expect(await restricted('src/ui/app/breach.tsx', breaches)).toEqual(breaches);
    const allowed = ['../../engine/types', '../../state/store', '../../worker/protocol', '../../mask/mask', 'react'];
    expect(await restricted('src/ui/app/allowed.tsx', allowed)).toEqual([]);
  });

  it('bench/ does not import the CLI; tests may reach across rooms', async () => {
    expect(await restricted('bench/breach.ts', ['../src/cli/benchEngine'])).toHaveLength(1);
    expect(await restricted('src/mask/crossing.test.ts', ['../engine/explainer', 'node:fs'])).toEqual([]);
  });
});
