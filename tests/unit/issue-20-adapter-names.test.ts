import { assembleProviders, MissingAdapters, missingAdapters } from '../../activities/providers';
import { loadConfig } from '../../config';
import { externalSystems } from '../../config/providers';
import type { Database } from '../../prisma/client';
import { productionEnv } from '../support/production-env';

// Issue 20, security review (r20): fail closed means a `<SYSTEM>_PROVIDER` names
// an adapter the system has, and nothing else passes for one: not a name every
// JavaScript object answers to (its prototype's), which would get past the
// start-up check and be "built" as whatever the prototype holds.
describe('issue 20: only the adapters the system has pass the fail-closed check', () => {
  // The selection is lower-cased (config/providers.ts): these are the prototype's own lower-case names.
  it.each(['constructor', '__proto__'])('issue 20: %s names no adapter outside sandbox mode, for every system', (name) => {
    const env = productionEnv();
    const config = loadConfig(Object.fromEntries(Object.entries(env).map(([key, value]) => [key, key.endsWith('_PROVIDER') ? name : value])));
    const { systems, problems } = missingAdapters(config);
    expect(systems.sort()).toEqual(externalSystems().sort());
    expect(problems.every((problem) => problem.includes(`=${name} names no adapter`))).toBe(true);
    expect(() => assembleProviders({ db: {} as Database, config })).toThrow(MissingAdapters);
  });
});
