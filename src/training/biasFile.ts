import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BIASED_CLASS } from '../scenes/bias';
import type { BiasName } from '../scenes/types';

/** bias.json beside a biased model: which planted bias it learned and which class it affects. */
export interface BiasFile {
  bias: BiasName;
  class: string;
}

export async function writeBiasFile(dir: string, bias: BiasName): Promise<void> {
  const file: BiasFile = { bias, class: BIASED_CLASS[bias] };
  await writeFile(join(dir, 'bias.json'), JSON.stringify(file) + '\n');
}
