import type { ConnectionOptions } from '@temporalio/client';
import type { NativeConnectionOptions } from '@temporalio/worker';
import { ConfigError, isLoopbackAddress, loadConfig } from '../../config';
import { temporalConnectionOptions } from '../../config/temporal-connection';
import { productionEnv } from '../support/production-env';

// Security finding 4: the README documented mTLS to Temporal's frontend, but
// every connection was `{ address }` alone. TEMPORAL_TLS_* now build the `tls`
// option, in one place, and outside sandbox mode nothing connects in plaintext
// to an address off this machine unless TEMPORAL_ALLOW_PLAINTEXT=true.

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

const PEM = { '/etc/realname/ca.pem': 'CA', '/etc/realname/client.pem': 'CRT', '/etc/realname/client.key': 'KEY' } as Record<string, string>;
const readFake = (path: string): Buffer => {
  if (!(path in PEM)) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
  return Buffer.from(PEM[path]!);
};
const MTLS = {
  TEMPORAL_TLS_CA_FILE: '/etc/realname/ca.pem',
  TEMPORAL_TLS_CERT_FILE: '/etc/realname/client.pem',
  TEMPORAL_TLS_KEY_FILE: '/etc/realname/client.key',
};

describe('Temporal connection options (security finding 4)', () => {
  it('security finding 4: tells loopback addresses from the rest', () => {
    for (const address of ['127.0.0.1:7233', '127.8.9.10:7233', 'localhost:7233', 'LOCALHOST:7233', '[::1]:7233', 'localhost']) {
      expect({ address, loopback: isLoopbackAddress(address) }).toEqual({ address, loopback: true });
    }
    for (const address of ['temporal:7233', '10.0.0.5:7233', '128.0.0.1:7233', 'localhost.example.com:7233', '[2001:db8::1]:7233', '127.0.0.1.example:7233']) {
      expect({ address, loopback: isLoopbackAddress(address) }).toEqual({ address, loopback: false });
    }
  });

  it('security finding 4: outside sandbox mode refuses a plaintext connection to an address off this machine, naming TEMPORAL_TLS_*', () => {
    const problems = problemsOf({ ...productionEnv(), TEMPORAL_ADDRESS: 'temporal.internal:7233' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^TEMPORAL_ADDRESS temporal\.internal:7233 is not loopback/);
    for (const name of ['TEMPORAL_TLS_CA_FILE', 'TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE', 'TEMPORAL_ALLOW_PLAINTEXT=true']) expect(problems[0]).toContain(name);
  });

  it('security finding 4: takes TLS, an explicit TEMPORAL_ALLOW_PLAINTEXT=true, a loopback address, or sandbox mode', () => {
    const production = { ...productionEnv(), TEMPORAL_ADDRESS: 'temporal.internal:7233' };
    expect(problemsOf({ ...production, ...MTLS })).toEqual([]);
    expect(problemsOf({ ...production, TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' })).toEqual([]);
    expect(problemsOf({ ...production, TEMPORAL_ALLOW_PLAINTEXT: 'true' })).toEqual([]);
    expect(problemsOf({ ...production, TEMPORAL_ALLOW_PLAINTEXT: 'false' })).toHaveLength(1);
    expect(problemsOf({ ...production, TEMPORAL_ALLOW_PLAINTEXT: 'yes' })).toEqual([
      'TEMPORAL_ALLOW_PLAINTEXT must be "true" or "false", got "yes"',
      expect.stringMatching(/^TEMPORAL_ADDRESS temporal\.internal:7233 is not loopback/),
    ]);
    expect(problemsOf({ ...production, TEMPORAL_ADDRESS: '127.0.0.1:7233' })).toEqual([]);
    expect(problemsOf({ TEMPORAL_ADDRESS: 'temporal:7233' })).toEqual([]);
  });

  it('security finding 4: refuses a client certificate without its key, or a key without its certificate, in any mode', () => {
    const problem = 'TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE go together: the client certificate and its private key (mTLS)';
    expect(problemsOf({ TEMPORAL_TLS_CERT_FILE: MTLS.TEMPORAL_TLS_CERT_FILE })).toEqual([problem]);
    expect(problemsOf({ TEMPORAL_TLS_KEY_FILE: MTLS.TEMPORAL_TLS_KEY_FILE })).toEqual([problem]);
  });

  it('security finding 4: builds mTLS from the files, read once at start-up, for Connection.connect and NativeConnection.connect alike', () => {
    const config = loadConfig({ ...productionEnv(), TEMPORAL_ADDRESS: 'temporal.internal:7233', ...MTLS, TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal' });
    const read = jest.fn(readFake);
    const options = temporalConnectionOptions(config, read);
    expect(options).toEqual({
      address: 'temporal.internal:7233',
      tls: {
        serverNameOverride: 'frontend.temporal',
        serverRootCACertificate: Buffer.from('CA'),
        clientCertPair: { crt: Buffer.from('CRT'), key: Buffer.from('KEY') },
      },
    });
    expect(read.mock.calls.map(([path]) => path).sort()).toEqual(Object.values(MTLS).sort());
    // The one shape both SDK connections take (checked by tsc).
    const client: ConnectionOptions = options;
    const worker: NativeConnectionOptions = options;
    expect(client.tls).toBe(worker.tls);
  });

  it('security finding 4: TLS with the system roots when only the server name (or only the CA) is given; no tls option when none is', () => {
    expect(temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_TLS_SERVER_NAME: 'temporal.example' }), readFake)).toEqual({
      address: 'temporal:7233',
      tls: { serverNameOverride: 'temporal.example' },
    });
    expect(temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233', TEMPORAL_TLS_CA_FILE: MTLS.TEMPORAL_TLS_CA_FILE }), readFake)).toEqual({
      address: 'temporal:7233',
      tls: { serverRootCACertificate: Buffer.from('CA') },
    });
    expect(temporalConnectionOptions(loadConfig({ TEMPORAL_ADDRESS: '127.0.0.1:7233' }), readFake)).toEqual({ address: '127.0.0.1:7233' });
  });

  it('security finding 4: a file that cannot be read stops start-up naming its variable, and never reads as plaintext', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: 'temporal:7233', ...MTLS, TEMPORAL_TLS_KEY_FILE: '/etc/realname/missing.key' });
    expect(() => temporalConnectionOptions(config, readFake)).toThrow(ConfigError);
    expect(() => temporalConnectionOptions(config, readFake)).toThrow(/TEMPORAL_TLS_KEY_FILE \(\/etc\/realname\/missing\.key\) cannot be read: ENOENT/);
  });

  it('security finding 4: refuses at connection time too, for an address filled in after loadConfig', () => {
    const config = loadConfig(productionEnv());
    config.temporal.address = 'temporal.internal:7233';
    expect(() => temporalConnectionOptions(config, readFake)).toThrow(/TEMPORAL_ADDRESS temporal\.internal:7233 is not loopback/);
    config.temporal.address = '127.0.0.1:7233';
    expect(temporalConnectionOptions(config, readFake)).toEqual({ address: '127.0.0.1:7233' });
  });
});
