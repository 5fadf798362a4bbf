// The Temporal server, temporal-sql-tool and the UI server that
// `npm run start:cluster` and the cluster test tier run: the user's own
// (TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH, TEMPORAL_UI_SERVER_PATH,
// TEMPORAL_SCHEMA_DIR), else built once with the machine's Go from the Go
// module proxy into .tools/ (minutes the first time, nothing after).
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEMPORAL_SERVER_MODULE, TEMPORAL_SERVER_VERSION, TEMPORAL_UI_VERSION, UI_SERVER_MODULE } from './versions';

export interface ClusterBinaries {
  server: string;
  sqlTool: string;
  uiServer: string;
  /** `schema/postgresql/v12` of the server's source: the versioned schema files update-schema applies. */
  schemaDir: string;
}

const TOOLS = join(__dirname, '..', '..', '..', '.tools');
/** Both packages install a binary named `server`: each build has its own GOBIN. */
export const SERVER_GOBIN = join(TOOLS, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
export const UI_GOBIN = join(TOOLS, `temporal-ui-server-${TEMPORAL_UI_VERSION}`);

type Say = (line: string) => void;

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function own(variable: string, env: NodeJS.ProcessEnv): string | undefined {
  const path = env[variable];
  if (path === undefined || path === '') return undefined;
  if (!executable(path)) throw new Error(`${variable}=${path} is not an executable file`);
  return path;
}

/** Runs go with the module proxy on, outside any module (a temporary folder), returning its stdout; its chatter only on failure. */
function go(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, {
      cwd: tmpdir(),
      env: { ...process.env, GOFLAGS: '-mod=mod -buildvcs=false', GO111MODULE: 'on', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8_000)));
    child.once('error', (error) =>
      reject(new Error(`cannot run go (${error.message}): install Go, or set TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH, TEMPORAL_UI_SERVER_PATH and TEMPORAL_SCHEMA_DIR`)),
    );
    child.once('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`go ${args.join(' ')} failed (exit ${code}):\n${stderr.trim()}`))));
  });
}

async function install(gobin: string, packages: string[], what: string, say: Say): Promise<void> {
  mkdirSync(gobin, { recursive: true });
  const started = Date.now();
  say(`building ${what} with go install (first run only: several minutes on 2 cores, about 2.6 GB of memory)`);
  await go(['install', ...packages], { GOBIN: gobin });
  say(`built ${what} in ${Math.round((Date.now() - started) / 1000)} s`);
}

/** The server's module folder in the Go module cache (downloaded if missing). */
async function serverModuleDir(): Promise<string> {
  const json = await go(['mod', 'download', '-json', `${TEMPORAL_SERVER_MODULE}@v${TEMPORAL_SERVER_VERSION}`], {});
  const dir = (JSON.parse(json) as { Dir?: string }).Dir;
  if (!dir) throw new Error(`go mod download named no folder for ${TEMPORAL_SERVER_MODULE}@v${TEMPORAL_SERVER_VERSION}`);
  return dir;
}

/** Resolves every binary, building what is missing (the server first: it is the long one). */
export async function clusterBinaries(env: NodeJS.ProcessEnv = process.env, say: Say = () => undefined): Promise<ClusterBinaries> {
  const server = own('TEMPORAL_SERVER_PATH', env) ?? join(SERVER_GOBIN, 'server');
  const sqlTool = own('TEMPORAL_SQL_TOOL_PATH', env) ?? join(SERVER_GOBIN, 'sql');
  const uiServer = own('TEMPORAL_UI_SERVER_PATH', env) ?? join(UI_GOBIN, 'server');
  const serverPackages = [
    ...(executable(server) ? [] : [`${TEMPORAL_SERVER_MODULE}/cmd/server@v${TEMPORAL_SERVER_VERSION}`]),
    ...(executable(sqlTool) ? [] : [`${TEMPORAL_SERVER_MODULE}/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`]),
  ];
  // One go install for both: they share most of their packages, compiled once.
  if (serverPackages.length > 0) await install(SERVER_GOBIN, serverPackages, `the Temporal server ${TEMPORAL_SERVER_VERSION} and temporal-sql-tool`, say);
  if (!executable(uiServer)) await install(UI_GOBIN, [`${UI_SERVER_MODULE}/cmd/server@v${TEMPORAL_UI_VERSION}`], `the Temporal UI server ${TEMPORAL_UI_VERSION}`, say);

  const schemaDir = env.TEMPORAL_SCHEMA_DIR || join(await serverModuleDir(), 'schema', 'postgresql', 'v12');
  for (const store of ['temporal', 'visibility']) {
    if (!existsSync(join(schemaDir, store, 'versioned'))) throw new Error(`${join(schemaDir, store, 'versioned')} is missing: TEMPORAL_SCHEMA_DIR must be the server's schema/postgresql/v12 folder`);
  }
  return { server, sqlTool, uiServer, schemaDir };
}
