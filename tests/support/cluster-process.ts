// The cluster test tier's Temporal (scripts/infra/cluster) in a process of its
// own, started by tests/support/cluster-global-setup.ts: the tests run on it as
// on the dev server, and fault tests stop and start its server or its
// PostgreSQL through a small control endpoint on loopback (cluster-control.ts).
// argv: <data dir>. Prints READY {address, control} once serving; stops
// everything on SIGTERM or when its parent goes (stdin closes).
import { createServer } from 'node:http';
import { startTemporalCluster } from '../../scripts/infra/cluster';
import { freePort } from '../../scripts/infra/ports';

export const CLUSTER_READY = 'cluster-process: ready';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: cluster-process.ts <data dir>');
  const shards = process.env.TEMPORAL_HISTORY_SHARDS ? Number(process.env.TEMPORAL_HISTORY_SHARDS) : undefined;
  const cluster = await startTemporalCluster({ dataDir, persistent: false, shards, log: (line) => process.stderr.write(`[cluster] ${line}\n`) });

  const actions: Record<string, () => Promise<void>> = {
    '/server/stop': () => cluster.server.stop(),
    '/server/start': () => cluster.server.start(),
    '/postgres/stop': () => cluster.postgres.stop(),
    '/postgres/start': () => cluster.postgres.start(),
  };
  const control = createServer((request, response) => {
    const action = request.method === 'POST' ? actions[request.url ?? ''] : undefined;
    if (!action) {
      response.writeHead(404).end();
      return;
    }
    // Connection: close: a kept-alive connection the server times out just as the next test reuses it fails that request.
    action().then(
      () => response.writeHead(204, { connection: 'close' }).end(),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain', connection: 'close' }).end(String(error)),
    );
  });
  const port = await freePort();
  await new Promise<void>((listening) => control.listen(port, '127.0.0.1', listening));

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    control.close();
    void cluster.stop().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
  process.stdout.write(`${CLUSTER_READY} ${JSON.stringify({ address: cluster.address, control: `http://127.0.0.1:${port}`, shards: cluster.shards, logDir: cluster.logDir })}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
