import type { OpenAPIHono } from '@hono/zod-openapi';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bearerAuth, requireOperator, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { problems } from '../problem';
import { REVIEW_RULE_SUMMARIES } from './rules';
import { strictPolicy } from '../page-policy';

// The page holds no data and no secret, so it is served without a token; every call it makes
// to /v1 sends the operator's bearer token, which it keeps in sessionStorage (per tab, gone with it).
// A strict CSP (scripts from this origin only, nothing inline) guards that token against injected script.
// Uploaded PDFs are shown from blob: URLs the page builds after fetching them with the token.
const CONTENT_SECURITY_POLICY = strictPolicy("'self' blob:", ['frame-src blob:', 'object-src blob:']);

const asset = (name: string) => readFileSync(join(__dirname, 'assets', name), 'utf8');

/** JSON inside <script type="application/json">: `<` escaped so no value can close the element. */
const jsonBlock = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(settings: { webUiUrl: string; namespace: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review console</title>
<link rel="stylesheet" href="/console/console.css">
<script id="console-settings" type="application/json">${jsonBlock({ ...settings, rules: REVIEW_RULE_SUMMARIES })}</script>
<script src="/console/console.js" defer></script>
</head>
<body>
<header>
  <h1><a href="#/queue">Review console</a></h1>
  <span id="whoami"></span>
  <button id="sign-out" type="button" hidden>Sign out</button>
</header>
<main>
  <p id="notice" role="status" hidden></p>
  <section id="sign-in" hidden>
    <h2>Sign in</h2>
    <form id="sign-in-form">
      <label for="token">Operator token</label>
      <textarea id="token" name="token" rows="4" required autocomplete="off" spellcheck="false"></textarea>
      <p class="hint">Kept in this tab only (sessionStorage) and sent as a bearer token to the API.</p>
      <button type="submit">Sign in</button>
    </form>
  </section>
  <section id="queue" hidden>
    <h2>Pending reviews <small>oldest first</small></h2>
    <table>
      <thead><tr><th>Submitted</th><th>Review</th><th>Kind</th><th>Rules</th><th>SLA deadline</th><th>State</th><th>Claimed by</th></tr></thead>
      <tbody id="queue-rows"></tbody>
    </table>
    <p id="queue-empty" hidden>No pending reviews.</p>
  </section>
  <section id="review" hidden></section>
</main>
</body>
</html>
`;
}

/** The operators' review console: one page and its two assets; the data comes from /v1 with the operator's token. */
export function registerConsoleRoutes(app: OpenAPIHono<AuthEnv>, { config, db }: ApiDeps): void {
  const html = page({ webUiUrl: config.temporal.webUiUrl.replace(/\/+$/, ''), namespace: config.temporal.namespace });
  const script = asset('console.js');
  const style = asset('console.css');
  const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

  app.get('/console', (c) => c.html(html, 200, { ...headers, 'cache-control': 'no-store' }));
  app.get('/console/', (c) => c.redirect('/console'));
  app.get('/console/console.js', (c) => c.body(script, 200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/console/console.css', (c) => c.body(style, 200, { ...headers, 'content-type': 'text/css; charset=utf-8' }));

  // The workflow ids behind a review, for links into the Temporal Web UI; operators only, like the review itself.
  app.use('/console/reviews/*', bearerAuth(config.auth));
  app.get('/console/reviews/:reviewId/workflows', async (c) => {
    requireOperator(c.get('principal'));
    const reviewId = c.req.param('reviewId');
    const review = await db.review.findUnique({ where: { id: reviewId }, select: { workflowId: true, processId: true } });
    if (!review) throw problems.notFound(`review ${reviewId}`);
    const process = await db.process.findUnique({ where: { id: review.processId }, select: { workflowId: true } });
    return c.json({ reviewWorkflowId: review.workflowId, processWorkflowId: process?.workflowId ?? null }, 200);
  });
}
