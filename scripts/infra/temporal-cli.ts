// Which Temporal CLI the project's commands run, and how it reaches the
// system's Temporal: `npm run temporal`, `npm start`'s banner and the CLI test
// share this, so the binary named is the binary run.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Config } from '../../config';
import { temporalBinaries } from './binaries';

export interface ResolvedTemporalCli {
  path: string;
  /** Where it was found: the user's own (TEMPORAL_CLI_PATH, PATH) before the project's install (.tools, by scripts/setup.mjs). */
  from: 'TEMPORAL_CLI_PATH' | 'PATH' | 'project';
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The project's own install, as scripts/setup.mjs recorded it (else where it puts it). */
function projectCli(): string | undefined {
  const root = join(__dirname, '..', '..');
  const candidates = [join(root, '.tools', 'venv', 'bin', 'temporal'), join(root, '.tools', 'bin', 'temporal')];
  try {
    candidates.unshift(temporalBinaries().cli);
  } catch {
    // No .tools/binaries.json yet: look where setup installs.
  }
  return candidates.find((candidate) => existsSync(candidate) && executable(candidate));
}

/** TEMPORAL_CLI_PATH, then `temporal` on PATH, then the project's install; throws saying what to do when there is none. */
export function resolveTemporalCli(env: NodeJS.ProcessEnv = process.env, project: () => string | undefined = projectCli): ResolvedTemporalCli {
  if (env.TEMPORAL_CLI_PATH) {
    if (!executable(env.TEMPORAL_CLI_PATH)) throw new Error(`TEMPORAL_CLI_PATH=${env.TEMPORAL_CLI_PATH} is not an executable file`);
    return { path: env.TEMPORAL_CLI_PATH, from: 'TEMPORAL_CLI_PATH' };
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = dir ? join(dir, 'temporal') : '';
    if (candidate && executable(candidate)) return { path: candidate, from: 'PATH' };
  }
  const own = project();
  if (own) return { path: own, from: 'project' };
  throw new Error('no Temporal CLI: run `npm run setup` (it installs one into .tools/), or set TEMPORAL_CLI_PATH');
}

/** The frontend the system talks to: TEMPORAL_ADDRESS, else the dev server `npm start` runs on TEMPORAL_PORT. */
export function systemTemporalAddress(config: Pick<Config, 'temporal'>, env: NodeJS.ProcessEnv = process.env): string {
  return config.temporal.address ?? `127.0.0.1:${env.TEMPORAL_PORT || 7233}`;
}

/**
 * The CLI's own environment variables for the system's Temporal (address,
 * namespace, TLS from TEMPORAL_TLS_*): flags given on the command line still
 * win over them, as the CLI resolves flag > environment > config file.
 */
export function temporalCliEnvironment(config: Pick<Config, 'temporal'>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const { tls, namespace } = config.temporal;
  const cliEnv: Record<string, string> = { TEMPORAL_ADDRESS: systemTemporalAddress(config, env), TEMPORAL_NAMESPACE: namespace };
  if (Object.values(tls).some((value) => value !== undefined)) cliEnv.TEMPORAL_TLS = 'true';
  if (tls.caFile) cliEnv.TEMPORAL_TLS_SERVER_CA_CERT_PATH = tls.caFile;
  if (tls.certFile) cliEnv.TEMPORAL_TLS_CLIENT_CERT_PATH = tls.certFile;
  if (tls.keyFile) cliEnv.TEMPORAL_TLS_CLIENT_KEY_PATH = tls.keyFile;
  if (tls.serverName) cliEnv.TEMPORAL_TLS_SERVER_NAME = tls.serverName;
  return cliEnv;
}
