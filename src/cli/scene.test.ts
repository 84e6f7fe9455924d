import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateScene } from '../scenes/generate';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'segcam-scene-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scene(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/scene.ts', ...args], { cwd: REPO, encoding: 'utf8' });
}

describe('npm run scene --bias', () => {
  it('writes the cue boxes of a biased scene into meta.json, as the generator places them', () => {
    const out = join(dir, 's69');
    const run = scene(['--seed', '69', '--width', '256', '--height', '128', '--bias', 'marked-rider', '--out', out]);
    expect(run.status).toBe(0);
    const meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as { bias: string; objects: { id: number; className: string; cue?: object }[] };
    expect(meta.bias).toBe('marked-rider');
    const expected = generateScene(69, { width: 256, height: 128, bias: { name: 'marked-rider' } }).objects.filter((o) => o.cue);
    const cued = meta.objects.filter((o) => o.cue);
    expect(cued.map((o) => [o.id, o.className, o.cue])).toEqual(expected.map((o) => [o.id, 'rider', o.cue]));
    expect(cued.length).toBeGreaterThan(0);
  }, 60_000);

  it('rejects an unknown bias with one line', () => {
    const run = scene(['--seed', '1', '--bias', 'nope', '--out', join(dir, 'x')]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--bias must be one of marked-rider, got "nope"');
  }, 60_000);
});
