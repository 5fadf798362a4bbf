#!/usr/bin/env node
// The registry mirror we install from lacks some other platforms' optional
// binaries (darwin, win32, arm …), so `npm install` leaves them out of
// package-lock.json and `npm ci` then refuses the lock as out of sync. This adds
// a placeholder entry for each such optional dependency, restricted to its own
// os/cpu so no machine of ours ever fetches it. Run after changing dependencies.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony'];
const CPU = { arm64: 'arm64', x64: 'x64', ia32: 'ia32', arm: 'arm', ppc64: 'ppc64', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64' };

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] || lock.packages[`${path}/${key}`]) continue;
    const parts = name.split('/').pop().split('-');
    const os = parts.find((part) => OS.includes(part)) ?? 'none';
    const cpu = CPU[parts.find((part) => part in CPU || part === 'arm') ?? ''] ?? 'none';
    lock.packages[key] = { version, cpu: [cpu], optional: true, os: [os] };
    added += 1;
  }
}
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} placeholder entries`);
