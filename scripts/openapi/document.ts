// The API's OpenAPI document without a running system: the app built with stand-in clients
// (building it touches neither PostgreSQL nor Temporal) on the default, sandbox, configuration,
// so the document has every operation and is the same on every machine. The lint, the bindings
// and their tests all start from here.
import { createApp } from '../../api/app';
import { contractDocument, type OpenApiDocument } from '../../api/openapi-contract';
import { loadConfig } from '../../config';
import { createLogger } from '../../config/logger';

/** The typed bindings `npm run generate-client` makes of the document, checked in. */
export const BINDINGS_PATH = 'api/client/schema.d.ts';

export function buildOpenApiDocument(): OpenApiDocument {
  const config = loadConfig({});
  const app = createApp({ config, db: {} as never, temporal: {} as never, logger: createLogger({ level: 'silent' }) });
  return contractDocument(app, { publicUrl: config.api.publicUrl, sandbox: config.sandbox });
}
