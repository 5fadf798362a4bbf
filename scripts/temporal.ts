// `npm run temporal -- <args>`: the Temporal CLI the project resolved
// (TEMPORAL_CLI_PATH, `temporal` on PATH, else the one in .tools/), pointed at
// the running system's Temporal (TEMPORAL_ADDRESS, else the dev server on
// TEMPORAL_PORT; TEMPORAL_NAMESPACE; TEMPORAL_TLS_*). Run it with the
// environment `npm start` runs with.
import { spawnSync } from 'node:child_process';
import { loadConfig } from '../config';
import { resolveTemporalCli, temporalCliEnvironment } from './infra/temporal-cli';

function main(): number {
  const args = process.argv.slice(2);
  let cli;
  try {
    cli = resolveTemporalCli(process.env);
  } catch (error) {
    process.stderr.write(`[temporal] ${(error as Error).message}\n`);
    return 1;
  }
  let cliEnv;
  try {
    cliEnv = temporalCliEnvironment(loadConfig(process.env), process.env);
  } catch (error) {
    process.stderr.write(`[temporal] ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`[temporal] ${cli.path} (${cli.from}) → ${cliEnv.TEMPORAL_ADDRESS}, namespace ${cliEnv.TEMPORAL_NAMESPACE}\n`);
  const result = spawnSync(cli.path, args.length > 0 ? args : ['--help'], { stdio: 'inherit', env: { ...process.env, ...cliEnv } });
  if (result.error) {
    process.stderr.write(`[temporal] ${cli.path}: ${result.error.message}\n`);
    return 1;
  }
  return result.status ?? 1;
}

process.exitCode = main();
