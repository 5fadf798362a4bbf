import { createActivities } from '../../activities';
import { ADAPTERS, assembleProviders, assertAdaptersConfigured, MissingAdapters, sandboxProviders, type Providers } from '../../activities/providers';
import { ConfigError, loadConfig } from '../../config';
import { EXTERNAL_SYSTEMS, externalSystems, type ExternalSystem } from '../../config/providers';
import type { Database } from '../../prisma/client';
import { fakeProviders } from '../support/fake-providers';
import { PROVIDER_VARIABLES, productionEnv } from '../support/production-env';

// Issue 20: outside sandbox mode nothing falls back to a sandbox stand-in.
// Building adapters touches no database; a production system here gets only test doubles.
const db = {} as Database;

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

function refusal(build: () => unknown): MissingAdapters {
  try {
    build();
  } catch (error) {
    if (error instanceof MissingAdapters) return error;
    throw error;
  }
  throw new Error('expected MissingAdapters');
}

const without = (providers: Providers, ...systems: ExternalSystem[]): Partial<Providers> =>
  Object.fromEntries(Object.entries(providers).filter(([system]) => !systems.includes(system as ExternalSystem)));

describe('production mode: every external system has a real adapter', () => {
  it('production mode: the configuration names the adapter variable of every external system left unset, in one list', () => {
    const env: Record<string, string | undefined> = productionEnv();
    for (const variable of PROVIDER_VARIABLES) env[variable] = undefined;
    const problems = problemsOf(env);
    expect(problems).toEqual(
      externalSystems().map((system) => `${EXTERNAL_SYSTEMS[system].variable} is required outside sandbox mode: the adapter for ${EXTERNAL_SYSTEMS[system].what}`),
    );
    // Eleven systems: WeChat and QQ codes, face, payment gateway, bank, registry, SMS, e-mail, WeChat notices, operator alerts, the contact directory.
    expect(PROVIDER_VARIABLES).toHaveLength(11);
  });

  it('production mode: a sandbox stand-in named outside sandbox mode is refused', () => {
    expect(problemsOf({ ...productionEnv(), FACE_PROVIDER: 'sandbox', REGISTRY_PROVIDER: ' Sandbox ' })).toEqual([
      'FACE_PROVIDER=sandbox is the sandbox stand-in for the live face check (R-P4, R-P8, R-P10), refused outside sandbox mode',
      'REGISTRY_PROVIDER=sandbox is the sandbox stand-in for the business registry (R-E3), refused outside sandbox mode',
    ]);
  });

  it('sandbox mode: every external system defaults to its sandbox stand-in', () => {
    const config = loadConfig({});
    expect(Object.values(config.providers)).toEqual(Array(11).fill('sandbox'));
    expect(() => assertAdaptersConfigured(config)).not.toThrow();
  });

  it('production mode: names no adapter that is not built, each external system at once (the check the API starts with)', () => {
    const config = loadConfig(productionEnv());
    const refused = refusal(() => assertAdaptersConfigured(config));
    expect(refused).toBeInstanceOf(ConfigError);
    expect(refused.systems).toEqual(externalSystems());
    for (const system of externalSystems()) {
      expect(refused.message).toContain(`${EXTERNAL_SYSTEMS[system].variable}=test-double names no adapter`);
    }
  });

  it('production mode: building the activities with a missing adapter throws naming it, and only it', () => {
    const config = loadConfig(productionEnv());
    for (const system of externalSystems()) {
      const refused = refusal(() => createActivities({ db, config, providers: without(fakeProviders(), system) }));
      expect(refused.systems).toEqual([system]);
      expect(refused.problems).toEqual([expect.stringContaining(EXTERNAL_SYSTEMS[system].variable)]);
    }
    const all = refusal(() => createActivities({ db, config }));
    expect(all.systems).toEqual(externalSystems());
  });

  it('production mode: with every adapter given, no sandbox stand-in is built', () => {
    const config = loadConfig(productionEnv());
    const fakes = fakeProviders();
    const { calls: _calls, ...injected } = fakes;
    const providers = assembleProviders({ db, config }, injected);
    for (const system of externalSystems()) expect({ system, injected: providers[system] === fakes[system] }).toEqual({ system, injected: true });
    expect(() => createActivities({ db, config, providers: injected })).not.toThrow();
  });

  it('production mode: a sandbox selection that got past the configuration is still refused, never built', () => {
    const config = loadConfig(productionEnv());
    const sandboxFace = jest.spyOn(ADAPTERS.face, 'sandbox');
    const selected = { ...config, providers: { ...config.providers, face: 'sandbox' } };
    const refused = refusal(() => assembleProviders({ db, config: selected }, without(fakeProviders(), 'face')));
    expect(refused.problems).toEqual([expect.stringContaining('FACE_PROVIDER=sandbox is the sandbox stand-in, refused outside sandbox mode')]);
    expect(sandboxFace).not.toHaveBeenCalled();
    sandboxFace.mockRestore();
  });

  it('R-G5: a real SMS or e-mail adapter never sends by the sandbox directory, which knows nobody, in sandbox mode too', () => {
    const config = loadConfig({ SMS_PROVIDER: 'tencent', TENCENT_SMS_SDK_APP_ID: '1400006666', TENCENT_SMS_SIGN_NAME: '实名认证', TENCENT_SMS_TEMPLATE_ID: '1234567', TENCENTCLOUD_SECRET_ID: 'id', TENCENTCLOUD_SECRET_KEY: 'key' });
    expect(config.providers.contactDirectory).toBe('sandbox');
    const refused = refusal(() => assertAdaptersConfigured(config));
    expect(refused.systems).toEqual(['contactDirectory']);
    expect(refused.problems).toEqual([expect.stringContaining('SMS_PROVIDER=tencent send to the contacts it gives, and CONTACT_DIRECTORY_PROVIDER=sandbox knows none (one of: http)')]);
    // With the SMS sender injected, or a directory given, nothing is missing.
    expect(() => assertAdaptersConfigured(config, { sms: fakeProviders().sms })).not.toThrow();
    expect(() => assertAdaptersConfigured(config, { contactDirectory: fakeProviders().contactDirectory })).not.toThrow();
    // The sandbox senders ask no directory: sandbox mode as it starts by default is complete.
    expect(() => assertAdaptersConfigured(loadConfig({}))).not.toThrow();
  });

  it('sandbox mode: sandboxProviders builds a stand-in for every port', () => {
    const providers = sandboxProviders({ db, config: loadConfig({}) });
    expect(Object.keys(providers).sort()).toEqual(externalSystems().sort());
  });
});
