// Issue 22: the typed bindings of the API (api/client/schema.d.ts), which the demo calls the API
// through, are checked in; a change of the contract breaks the build until they are regenerated.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BINDINGS_PATH } from '../../scripts/openapi/document';

const root = resolve(__dirname, '../..');

describe('the generated client', () => {
  it(`${BINDINGS_PATH} is what openapi-typescript makes of the current document`, () => {
    // In a process of its own: openapi-typescript loads ES modules jest's runtime cannot.
    const expected = execFileSync(resolve(root, 'node_modules/.bin/tsx'), ['scripts/generate-client.ts', '--stdout'], { cwd: root, encoding: 'utf8' });
    const checkedIn = readFileSync(resolve(root, BINDINGS_PATH), 'utf8');
    if (checkedIn !== expected) {
      const lines = checkedIn.split('\n');
      const first = expected.split('\n').findIndex((line, n) => line !== lines[n]);
      throw new Error(
        `${BINDINGS_PATH} differs from the OpenAPI document from line ${first + 1} on: run \`npm run generate-client\` and check the file in ` +
          '(a changed type there is a changed contract: say so to integrators)',
      );
    }
  });
});
