// `npm run generate-client`: regenerates the typed bindings of the API (api/client/schema.d.ts)
// from its OpenAPI document with openapi-typescript, after a change to a route, a schema or an
// example; `--stdout` prints them instead. tests/unit/openapi-client.test.ts fails until they are
// regenerated and checked in.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { BINDINGS_PATH, buildOpenApiDocument } from './openapi/document';

const HEADER = `// Generated from the API's OpenAPI document by \`npm run generate-client\` (openapi-typescript): do not edit.
// tests/unit/openapi-client.test.ts fails while it differs from the document.
`;

async function main(): Promise<void> {
  const ast = await openapiTS(buildOpenApiDocument() as Parameters<typeof openapiTS>[0]);
  const bindings = HEADER + astToString(ast);
  if (process.argv.includes('--stdout')) {
    process.stdout.write(bindings);
    return;
  }
  writeFileSync(resolve(__dirname, '..', BINDINGS_PATH), bindings);
  process.stderr.write(`wrote ${BINDINGS_PATH}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
