import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TemporalBinaries {
  cli: string;
  testServer: string;
}

/** Paths resolved by scripts/setup.mjs (user's own binaries first, else the project-local install). */
export function temporalBinaries(): TemporalBinaries {
  const file = join(__dirname, '..', '..', '.tools', 'binaries.json');
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as TemporalBinaries;
  } catch {
    throw new Error(`${file} is missing: run \`npm run setup\` first`);
  }
}
