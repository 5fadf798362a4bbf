import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { clusterBinaries } from '../../scripts/infra/cluster/binaries';
import { CLUSTER_CONTROL_VARIABLE } from './cluster-control';
import { CLUSTER_READY } from './cluster-process';
import globalSetup from './global-setup';

const ROOT = join(__dirname, '..', '..');

/**
 * `npm run test:cluster`: the tests' Temporal is the production-shaped server
 * of scripts/infra/cluster (PostgreSQL, several history shards), run by
 * cluster-process.ts; then the usual global setup, which honours
 * TEMPORAL_ADDRESS, provisions the rest (the app's PostgreSQL, the bundle).
 */
export default async function clusterGlobalSetup(): Promise<void> {
  const say = (line: string) => process.stderr.write(`[cluster] ${line}\n`);
  // Built (first run only) before the cluster process starts, so its output is seen here.
  await clusterBinaries(process.env, say);
  const dataDir = join(ROOT, '.data', `cluster-test-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'cluster-process.ts'), dataDir], {
    cwd: ROOT,
    // stdin stays open: the cluster process stops everything when it closes, that is when this process is gone.
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const ready = await new Promise<{ address: string; control: string; shards: number }>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith(CLUSTER_READY));
      if (line) resolve(JSON.parse(line.slice(CLUSTER_READY.length)));
    });
    void exited.then(() => reject(new Error(`the cluster process exited before it was ready:\n${output}`)));
  });
  say(`Temporal cluster at ${ready.address} (${ready.shards} history shards) in ${Math.round((Date.now() - started) / 1000)} s`);
  process.env.TEMPORAL_ADDRESS = ready.address;
  process.env[CLUSTER_CONTROL_VARIABLE] = ready.control;

  const stopCluster = async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await globalSetup();
  } catch (error) {
    await stopCluster();
    throw error;
  }
  globalThis.__testStops!.push(stopCluster);
}
