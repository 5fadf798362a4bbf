// `npm run lint:openapi` (part of `npm test`): lints the API's OpenAPI document with Redocly CLI's
// recommended rules. The document is built without a running system (scripts/openapi/document.ts),
// written to a temporary directory with the ignore file beside it, and linted there.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildOpenApiDocument } from './openapi/document';

const root = resolve(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'realname-openapi-'));
let status = 1;
try {
  writeFileSync(join(dir, 'openapi.json'), `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
  copyFileSync(join(root, 'scripts/openapi/lint-ignore.yaml'), join(dir, '.redocly.lint-ignore.yaml'));
  const redocly = join(root, 'node_modules/.bin/redocly');
  const run = spawnSync(redocly, ['lint', '--extends', 'recommended', 'openapi.json'], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
    // No usage reports or update checks from a test run.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (run.error) throw run.error;
  // Redocly reports on stderr, after a boxed notice on Node 20 (its support ends): the report only.
  process.stderr.write(run.stderr.split('\n').filter((line) => !/^\s*[╔║╚]/.test(line)).join('\n').replace(/^\n+/, ''));
  status = run.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
