import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { contractDocument, type ContractOptions } from '../openapi-contract';
import { pageHeaders, strictPolicy } from '../page-policy';

// Swagger UI is served from the installed package: the docs page needs no CDN.
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

// The page's own start-up, served as a file so the CSP needs no inline script. Tokens typed
// into "Authorize" stay in the page's memory: persisted, they would sit in localStorage on the
// API's origin, where the console and every document are served too.
const INIT_SCRIPT = "window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#ui', persistAuthorization: false });\n";

// The docs run on the API's origin and take a bearer token, so they get the pages' strict CSP
// (api/page-policy.ts).
// Swagger UI's stylesheet draws its icons from data: URLs.
const HEADERS = pageHeaders(strictPolicy("'self' data:"));

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Real-name verification API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs.js"></script>
</body></html>`;

export function registerDocsRoutes(app: OpenAPIHono<any>, contract: ContractOptions): void {
  // Built once, on the first request (every route is registered by then), and served from
  // memory: generating it walks every schema of every route. api/openapi-contract.ts adds the
  // operationIds, security, servers, licence and examples.
  let document: string | undefined;
  app.get('/openapi.json', (c) => {
    document ??= JSON.stringify(contractDocument(app, contract));
    return c.body(document, 200, { 'content-type': 'application/json' });
  });
  app.get('/docs', (c) => c.html(PAGE, 200, { ...HEADERS, 'cache-control': 'no-store' }));
  app.get('/docs/assets/docs.js', (c) => c.body(INIT_SCRIPT, 200, { ...HEADERS, 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/docs/assets/:file', async (c) => {
    const file = c.req.param('file');
    // An own key only: `constructor` or `__proto__` named no file (a 500 reading it).
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) return c.notFound();
    const dir = (require('swagger-ui-dist') as { getAbsoluteFSPath(): string }).getAbsoluteFSPath();
    return c.body(await readFile(join(dir, file)), 200, { ...HEADERS, 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
}
