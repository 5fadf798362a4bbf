// How every client and worker connection reaches Temporal's frontend: the one
// place that turns TEMPORAL_TLS_* into the SDK's `tls` option, for
// `Connection.connect` (API, scripts) and `NativeConnection.connect` (worker) alike.
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { ConfigError, temporalTlsProblems, type Config, type TemporalSettings } from './index';

export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
}

/**
 * The options of a connection to the frontend, for Connection.connect and
 * NativeConnection.connect both: the PEM files are read here, at start-up, and
 * a file that cannot be read stops it naming its variable. Refuses, as
 * loadConfig does, a plaintext connection it must not make (the address may
 * have been filled in after loadConfig, as `npm start` does for its dev server).
 */
export function temporalConnectionOptions(settings: TemporalSettings, readFile: (path: string) => Buffer = readFileSync): TemporalConnectionOptions {
  const { address, tls } = settings.temporal;
  if (address === undefined) throw new ConfigError(['TEMPORAL_ADDRESS is required']);
  const problems = temporalTlsProblems(settings);
  if (problems.length > 0) throw new ConfigError(problems);
  if (!Object.values(tls).some((value) => value !== undefined)) return { address };
  const read = (name: string, path: string | undefined): Buffer | undefined => {
    if (path === undefined) return undefined;
    try {
      return readFile(path);
    } catch (error) {
      problems.push(`${name} (${path}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return undefined;
    }
  };
  const ca = read('TEMPORAL_TLS_CA_FILE', tls.caFile);
  const crt = read('TEMPORAL_TLS_CERT_FILE', tls.certFile);
  const key = read('TEMPORAL_TLS_KEY_FILE', tls.keyFile);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    address,
    tls: {
      ...(tls.serverName !== undefined ? { serverNameOverride: tls.serverName } : {}),
      ...(ca ? { serverRootCACertificate: ca } : {}),
      ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    },
  };
}
