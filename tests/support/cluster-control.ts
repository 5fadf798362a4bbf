// What a test may do to the cluster tier's Temporal (tests/support/cluster-process.ts):
// stop and start its server or the PostgreSQL under it. Absent on the dev-server tiers.

/** Set by tests/support/cluster-global-setup.ts for the tests of `npm run test:cluster`. */
export const CLUSTER_CONTROL_VARIABLE = 'REALNAME_CLUSTER_CONTROL';

export interface ClusterControl {
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
}

export function clusterControl(): ClusterControl | undefined {
  const base = process.env[CLUSTER_CONTROL_VARIABLE];
  if (!base) return undefined;
  const post = async (path: string) => {
    const response = await fetch(`${base}${path}`, { method: 'POST', signal: AbortSignal.timeout(180_000) });
    if (response.status !== 204) throw new Error(`cluster control ${path}: ${response.status} ${await response.text()}`);
  };
  return {
    stopServer: () => post('/server/stop'),
    startServer: () => post('/server/start'),
    stopPostgres: () => post('/postgres/stop'),
    startPostgres: () => post('/postgres/start'),
  };
}
