import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { DYNAMIC_CONFIG_PATH } from '../scripts/infra/cluster';
import { clusterConfigYaml, defaultPorts } from '../scripts/infra/cluster/config';
import { schemaSteps, TEMPORAL_DATABASES } from '../scripts/infra/cluster/schema';
import {
  DEFAULT_HISTORY_SHARDS,
  DYNAMIC_CONFIG_FILE,
  NAMESPACE_RETENTION_DAYS,
  POSTGRES_MAX_CONNECTIONS,
  SQL_MAX_CONNS,
  TEMPORAL_SERVER_VERSION,
  TEMPORAL_UI_VERSION,
} from '../scripts/infra/cluster/versions';

// Issue 17: docker-compose.yml (production, never started here: no Docker
// engine) and `npm run start:cluster` (the same stack from source, which CI
// runs) must stay one Temporal: same versions, schema steps, dynamic config,
// shard count and database limits. Static, as tests/compose.test.ts.

const ROOT = resolve(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
type Service = { image?: string; environment?: Record<string, unknown>; command?: string[]; configs?: Array<{ source: string; target: string }> };
const compose = parse(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, Service>;
  configs: Record<string, { file?: string; content?: string }>;
};
const service = (name: string): Service => compose.services[name]!;
const env = (name: string) => Object.fromEntries(Object.entries(service(name).environment ?? {}).map(([k, v]) => [k, String(v)]));
const tag = (name: string) => service(name).image!.split(':')[1];

describe('docker-compose.yml and npm run start:cluster run the same Temporal', () => {
  it('the same server, admin-tools and UI versions as the cluster builds from source', () => {
    expect(tag('temporal')).toBe(TEMPORAL_SERVER_VERSION);
    expect(tag('temporal-admin-tools')).toBe(TEMPORAL_SERVER_VERSION);
    expect(tag('temporal-namespace')).toBe(TEMPORAL_SERVER_VERSION);
    expect(tag('temporal-ui')).toBe(TEMPORAL_UI_VERSION);
  });

  it('the same dynamic config file: compose mounts it, the cluster server reads it in place', () => {
    expect(resolve(ROOT, String(compose.configs['temporal-dynamic-config']!.file))).toBe(join(ROOT, DYNAMIC_CONFIG_FILE));
    expect(DYNAMIC_CONFIG_PATH).toBe(join(ROOT, DYNAMIC_CONFIG_FILE));
    const mounted = service('temporal').configs!.find((c) => c.source === 'temporal-dynamic-config')!;
    expect(mounted.target).toBe(env('temporal').DYNAMIC_CONFIG_FILE_PATH);
    const written = parse(clusterConfigYaml({ shards: 8, ports: defaultPorts(7233), postgres: { host: '127.0.0.1', port: 5433, user: 'temporal', password: 'temporal' }, dynamicConfigFile: DYNAMIC_CONFIG_PATH }));
    expect(written.dynamicConfigClient.filepath).toBe(DYNAMIC_CONFIG_PATH);
    // Each key a list of constrained values, as the server's file client requires.
    const dynamic = parse(read(DYNAMIC_CONFIG_FILE)) as Record<string, Array<{ value: unknown; constraints: object }>>;
    expect(Object.keys(dynamic)).toEqual(expect.arrayContaining(['system.forceSearchAttributesCacheRefreshOnRead', 'limit.maxIDLength']));
    for (const values of Object.values(dynamic)) for (const entry of values) expect(Object.keys(entry).sort()).toEqual(['constraints', 'value']);
  });

  it('the same history shard count, SQL pool size and PostgreSQL connection limit', () => {
    expect(Number(env('temporal').NUM_HISTORY_SHARDS)).toBe(DEFAULT_HISTORY_SHARDS);
    expect(Number(env('temporal').SQL_MAX_CONNS)).toBe(SQL_MAX_CONNS);
    expect(Number(env('temporal').SQL_MAX_IDLE_CONNS)).toBe(SQL_MAX_CONNS);
    expect(service('postgresql').command).toEqual(['postgres', '-c', `max_connections=${POSTGRES_MAX_CONNECTIONS}`]);
    expect(env('temporal').DB).toBe('postgres12');
    expect(env('temporal-namespace').TEMPORAL_NAMESPACE_RETENTION).toBe(`\${TEMPORAL_NAMESPACE_RETENTION:-${NAMESPACE_RETENTION_DAYS * 24}h}`);
  });

  it('the same schema steps: both databases created, setup-schema -v 0.0, then update-schema from the postgresql/v12 versioned folders', () => {
    const script = read('deploy/temporal-setup.sh');
    expect(TEMPORAL_DATABASES.map(({ database, schema }) => `${database}:${schema}`)).toEqual(['temporal:temporal', 'temporal_visibility:visibility']);
    expect(script).toContain('"${DBNAME:-temporal}:temporal" "${VISIBILITY_DBNAME:-temporal_visibility}:visibility"');
    expect(script).toContain('schema_root=${SCHEMA_ROOT:-/etc/temporal/schema/postgresql/v12}');
    expect(script).toContain('versioned="$schema_root/${pair#*:}/versioned"');
    expect(schemaSteps('/v12', 'visibility')).toEqual([
      ['setup-schema', '-v', '0.0'],
      ['update-schema', '-d', '/v12/visibility/versioned'],
    ]);
    for (const [command, ...args] of schemaSteps('$schema_root', '${pair#*:}')) {
      const shellArgs = args.map((arg) => (arg.endsWith('/versioned') ? '"$versioned"' : arg)).join(' ');
      expect(script).toContain(`sql_tool "$database" ${command} ${shellArgs}`);
    }
  });

  it('a server config of the shape compose renders: the shards asked for, two postgres12 stores, four services on loopback, one cluster', () => {
    const ports = defaultPorts(7233);
    const written = parse(clusterConfigYaml({ shards: 16, ports, postgres: { host: '127.0.0.1', port: 5433, user: 'temporal', password: 'temporal' }, dynamicConfigFile: '/x.yaml' }));
    expect(written.persistence.numHistoryShards).toBe(16);
    expect(Object.values(written.persistence.datastores).map((s: any) => [s.sql.pluginName, s.sql.databaseName, s.sql.maxConns])).toEqual([
      ['postgres12', 'temporal', SQL_MAX_CONNS],
      ['postgres12', 'temporal_visibility', SQL_MAX_CONNS],
    ]);
    expect(Object.keys(written.services).sort()).toEqual(['frontend', 'history', 'matching', 'worker']);
    for (const svc of Object.values(written.services) as Array<{ rpc: { bindOnIP: string; membershipPort: number } }>) {
      expect(svc.rpc.bindOnIP).toBe('127.0.0.1');
      // cluster_membership keeps ports in a smallint.
      expect(svc.rpc.membershipPort).toBeLessThan(32_768);
    }
    expect(Object.keys(written.clusterMetadata.clusterInformation)).toEqual([written.clusterMetadata.currentClusterName]);
    expect(() => clusterConfigYaml({ shards: 0, ports, postgres: { host: 'h', port: 1, user: 'u', password: 'p' }, dynamicConfigFile: '/x' })).toThrow(/positive integer/);
  });

  it('the cluster test tier names only end-to-end files that exist', () => {
    const config = require('../jest.cluster.config.js') as { testMatch: string[] };
    const files = config.testMatch.filter((pattern) => !pattern.includes('*')).map((pattern) => pattern.replace('<rootDir>/', ''));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) expect({ file, exists: existsSync(join(ROOT, file)) }).toEqual({ file, exists: true });
    expect(config.testMatch).toContain('<rootDir>/tests/faults/**/*.test.ts');
  });
});
