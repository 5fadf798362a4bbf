/**
 * Guards the contract of domain/: pure code that workflow bundles can import
 * (no Node built-ins, no packages, no clock, no ambient randomness).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const domainDir = join(__dirname, '..');
const sources = readdirSync(domainDir).filter((file) => file.endsWith('.ts'));

describe('domain purity', () => {
  it('has source files to check', () => {
    expect(sources).toEqual(expect.arrayContaining(['index.ts', 'mainland-id.ts', 'business-days.ts']));
  });

  it.each(sources)('%s imports only other domain files', (file) => {
    const text = readFileSync(join(domainDir, file), 'utf8');
    const specifiers = [...text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((match) => match[1] ?? '');
    expect(specifiers.filter((specifier) => !specifier.startsWith('./'))).toEqual([]);
  });

  // `process.` inside a quoted name (an event type such as 'process.started') is
  // data, not Node's global; anything else called `process.` is refused.
  const AMBIENT = /Date\.now|new Date\(|(?<![\w'"`.])process\.|Math\.random\(|performance\.now/;

  it('tells a quoted event type from the process global', () => {
    expect("export const T = ['process.started'] as const;").not.toMatch(AMBIENT);
    expect('const zone = process.env.TZ;').toMatch(AMBIENT);
  });

  it.each(sources)('%s reads no clock, environment or ambient randomness', (file) => {
    const text = readFileSync(join(domainDir, file), 'utf8');
    expect(text).not.toMatch(AMBIENT);
  });
});
