#!/usr/bin/env node
// Finds or installs a Chromium for the browser tests, idempotently, and prints its path on stdout.
// Order: CHROMIUM_PATH (must exist), `chromium` / `chromium-browser` on PATH, else Debian's
// `chromium` package through apt-get (as root, or through sudo when it needs no password).
// Progress and timings go to stderr. Plain Node with no dependencies.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const say = (line) => process.stderr.write(`[chromium] ${line}\n`);

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function find() {
  if (process.env.CHROMIUM_PATH) {
    if (!existsSync(process.env.CHROMIUM_PATH)) throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
    return process.env.CHROMIUM_PATH;
  }
  return onPath('chromium') ?? onPath('chromium-browser') ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
}

function aptGet(args) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const [command, prefix] = root ? ['apt-get', []] : ['sudo', ['-n', 'apt-get']];
  if (!root && !onPath('sudo')) throw new Error('Chromium is missing and installing it needs root: run `apt-get install -y chromium` as root, or set CHROMIUM_PATH');
  const result = spawnSync(command, [...prefix, ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/**
 * Best effort: without a CJK font the screenshots show boxes for every Chinese name and address.
 * Only where we may install packages anyway; a failure leaves the tests as they are.
 */
function ensureCjkFont() {
  const fcList = onPath('fc-list');
  if (!fcList || !onPath('apt-get')) return;
  const fonts = spawnSync(fcList, [':lang=zh', 'family'], { encoding: 'utf8' });
  if (fonts.status !== 0 || fonts.stdout.trim()) return;
  if (!(typeof process.getuid === 'function' && process.getuid() === 0)) return;
  const started = Date.now();
  say('installing a CJK font for screenshots (fonts-wqy-zenhei)');
  if (aptGet(['install', '-y', '-q', '-o', 'Dpkg::Use-Pty=0', '--no-install-recommends', 'fonts-wqy-zenhei'])) {
    say(`font installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

export function ensureChromium() {
  const found = find();
  if (found) {
    ensureCjkFont();
    return found;
  }
  if (!onPath('apt-get')) throw new Error('Chromium is missing and this is not a Debian-like system: install Chromium and set CHROMIUM_PATH');
  const started = Date.now();
  say('installing Debian package chromium (apt-get; a few minutes the first time)');
  // The package lists may be stale or absent (fresh containers): refresh once if the install fails.
  const quiet = ['-y', '-q', '-o', 'Dpkg::Use-Pty=0'];
  if (!aptGet(['install', ...quiet, '--no-install-recommends', 'chromium'])) {
    if (!aptGet(['update', '-q']) || !aptGet(['install', ...quiet, '--no-install-recommends', 'chromium'])) {
      throw new Error('apt-get install chromium failed: install it by hand or set CHROMIUM_PATH');
    }
  }
  const installed = find();
  if (!installed) throw new Error('apt-get installed chromium but no chromium binary was found');
  say(`installed ${installed} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  ensureCjkFont();
  return installed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    process.stdout.write(`${ensureChromium()}\n`);
  } catch (error) {
    say(error.message);
    process.exit(1);
  }
}
