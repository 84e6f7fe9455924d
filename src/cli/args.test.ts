import { describe, expect, it } from 'vitest';
import { parseCamArgs, UsageError } from './args';

const base = ['--image', 'a.png', '--out', 'o'];

function usageError(argv: string[]): string {
  try {
    parseCamArgs(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCamArgs', () => {
  it('parses a full command with defaults', () => {
    const a = parseCamArgs([...base, '--model', 'm/model.json', '--class', 'car', '--pixel', '10, 20']);
    expect(a).toMatchObject({
      model: 'm/model.json',
      image: 'a.png',
      out: 'o',
      classRef: 'car',
      target: { kind: 'pixel', row: 10, col: 20 },
      method: 'seg-grad-cam',
      backend: 'wasm',
      colormap: 'turbo',
      layers: undefined,
    });
  });

  it('accepts --flag=value, repeated and comma-separated --layer, and the other targets', () => {
    expect(parseCamArgs([...base, '--class=3', '--all', '--layer', 'a,b', '--layer=c']).layers).toEqual(['a', 'b', 'c']);
    expect(parseCamArgs([...base, '--class', '1', '--predicted', '--all-layers']).layers).toBe('all');
    expect(parseCamArgs([...base, '--class', '1', '--mask', 'm.png']).target).toEqual({ kind: 'mask', path: 'm.png' });
    expect(parseCamArgs([...base, '--class', '1', '--all', '--method', 'layer-cam', '--backend', 'cpu']).method).toBe('layer-cam');
    expect(parseCamArgs(['--help']).help).toBe(true);
  });

  it('explains every mistake in one line', () => {
    expect(usageError(['--out', 'o', '--all', '--class', '1'])).toBe('--image <png|jpg> is required');
    expect(usageError(['--image', 'a', '--all', '--class', '1'])).toBe('--out <dir> is required');
    expect(usageError([...base, '--class', '1'])).toMatch(/^choose the pixels to explain/);
    expect(usageError([...base, '--class', '1', '--all', '--predicted'])).toMatch(/only one of/);
    expect(usageError([...base, '--all'])).toMatch(/--class <name\|index> is required/);
    expect(usageError([...base, '--pixel', '3'])).toBe('--pixel expects ROW,COL (two non-negative integers), got "3"');
    expect(usageError([...base, '--pixel', '-1,2'])).toMatch(/--pixel expects ROW,COL/);
    expect(usageError([...base, '--all', '--class', '1', '--method', 'magic'])).toMatch(/unknown --method "magic"; known: seg-grad-cam/);
    expect(usageError([...base, '--all', '--class', '1', '--backend', 'webgl'])).toMatch(/--backend must be wasm or cpu/);
    expect(usageError([...base, '--all', '--class', '1', '--layer', 'x', '--all-layers'])).toMatch(/either --layer or --all-layers/);
    expect(usageError([...base, '--all', '--class'])).toBe('--class needs a value');
    expect(usageError([...base, '--class', '--all'])).toBe('--class needs a value');
    expect(usageError([...base, '--all', '--class', '1', '--frobnicate'])).toMatch(/unknown argument "--frobnicate"/);
    expect(usageError([...base, '--all', '--class', '1', '--image', 'b.png'])).toBe('--image given 2 times');
  });
});
