// The Temporal server's static config for `npm run start:cluster` and the
// cluster test tier: the four services (frontend, history, matching, worker)
// in one process on loopback, PostgreSQL for both stores, one cluster. The
// same shape the temporalio/server image renders from its template for
// docker-compose.yml (DB=postgres12, NUM_HISTORY_SHARDS, SQL_MAX_CONNS).
import { SQL_MAX_CONNS } from './versions';

export interface ClusterPorts {
  /** The frontend's gRPC port: what workers, clients and the UI dial. */
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  /** Ringpop membership, one per service: the services find each other through cluster_membership in PostgreSQL. */
  frontendMembership: number;
  historyMembership: number;
  matchingMembership: number;
  workerMembership: number;
  /** The server's Prometheus metrics. */
  metrics: number;
}

export interface ClusterConfigOptions {
  shards: number;
  ports: ClusterPorts;
  postgres: { host: string; port: number; user: string; password: string };
  dynamicConfigFile: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

/** Well-known ports from the frontend's, as the Temporal docs and the server's own development configs number them. */
export function defaultPorts(frontend: number): ClusterPorts {
  return {
    frontend,
    history: frontend + 1,
    matching: frontend + 2,
    worker: frontend + 6,
    frontendHttp: frontend + 10,
    frontendMembership: frontend - 300,
    historyMembership: frontend - 299,
    matchingMembership: frontend - 298,
    workerMembership: frontend - 294,
    metrics: frontend + 767,
  };
}

const store = (database: string, o: ClusterConfigOptions) => `      sql:
        pluginName: postgres12
        databaseName: ${database}
        connectAddr: "${o.postgres.host}:${o.postgres.port}"
        connectProtocol: tcp
        user: ${JSON.stringify(o.postgres.user)}
        password: ${JSON.stringify(o.postgres.password)}
        maxConns: ${SQL_MAX_CONNS}
        maxIdleConns: ${SQL_MAX_CONNS}
        maxConnLifetime: 1h`;

const service = (grpc: number, membership: number, extra = '') => `    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnIP: 127.0.0.1${extra}`;

/** The YAML the server reads with --config-file. */
export function clusterConfigYaml(o: ClusterConfigOptions): string {
  if (!Number.isInteger(o.shards) || o.shards < 1) throw new Error(`the history shard count must be a positive integer, not ${o.shards}`);
  const p = o.ports;
  return `# Written by scripts/infra/cluster/config.ts on every start; edits here are lost.
log:
  stdout: true
  level: ${o.logLevel ?? 'warn'}

persistence:
  # Fixed when the database is first set up: see DEFAULT_HISTORY_SHARDS in scripts/infra/cluster/versions.ts.
  numHistoryShards: ${o.shards}
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  datastores:
    postgres-default:
${store('temporal', o)}
    postgres-visibility:
${store('temporal_visibility', o)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  metrics:
    prometheus:
      framework: tally
      timerType: histogram
      listenAddress: "127.0.0.1:${p.metrics}"

services:
  frontend:
${service(p.frontend, p.frontendMembership, `\n      httpPort: ${p.frontendHttp}`)}
  history:
${service(p.history, p.historyMembership)}
  matching:
${service(p.matching, p.matchingMembership)}
  worker:
${service(p.worker, p.workerMembership)}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:${p.frontend}"
      httpAddress: "127.0.0.1:${p.frontendHttp}"

dcRedirectionPolicy:
  policy: noop

dynamicConfigClient:
  filepath: ${JSON.stringify(o.dynamicConfigFile)}
  pollInterval: 10s
`;
}

/** The UI server's config (it reads <root>/config/<env>.yaml). */
export function uiConfigYaml(o: { temporalAddress: string; port: number; namespace: string; codecEndpoint?: string; corsOrigins: string[] }): string {
  return `# Written by scripts/infra/cluster/config.ts on every start; edits here are lost.
temporalGrpcAddress: ${o.temporalAddress}
host: 127.0.0.1
port: ${o.port}
enableUi: true
defaultNamespace: ${o.namespace}
disableNewsFetch: true
notifyOnNewVersion: false
# For reading, as docker-compose.yml's UI: no signal, terminate, reset, cancel or batch actions.
disableWriteActions: true
cors:
  allowOrigins:
${o.corsOrigins.map((origin) => `    - ${JSON.stringify(origin)}`).join('\n')}
codec:
  endpoint: ${JSON.stringify(o.codecEndpoint ?? '')}
`;
}
