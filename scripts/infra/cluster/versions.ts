// What `npm run start:cluster` runs, in one place: docker-compose.yml runs the
// same (tests/compose.test.ts holds the two in step).

/** The Temporal server (and temporal-sql-tool). v1.32.2 and later need a newer Go than these machines have. */
export const TEMPORAL_SERVER_VERSION = '1.32.1';
/** The Temporal UI server (web assets built in), as the temporalio/ui image. */
export const TEMPORAL_UI_VERSION = '2.55.0';
export const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
export const UI_SERVER_MODULE = 'github.com/temporalio/ui-server/v2';

/**
 * History shards: fixed when the cluster's database is first set up (a server
 * with another count refuses to start on it), so chosen once, for the expected
 * load. 8 spreads the history work over several shard locks on a small machine.
 */
export const DEFAULT_HISTORY_SHARDS = 8;

/** The server's SQL pool per store and service: four services in one process open up to 4 x this per store. */
export const SQL_MAX_CONNS = 20;
/** PostgreSQL's limit under the cluster: the server opens about 60, the schema tool and the probes a few more. */
export const POSTGRES_MAX_CONNECTIONS = 300;

/** The dynamic config both run with (compose mounts it as a config). */
export const DYNAMIC_CONFIG_FILE = 'deploy/temporal-dynamic-config.yaml';

/** The namespace's retention when the cluster registers it, as docker-compose.yml's (TEMPORAL_NAMESPACE_RETENTION 720h). */
export const NAMESPACE_RETENTION_DAYS = 30;
