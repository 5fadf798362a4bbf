// The demo's HTTP client and its progress lines: everything it does to the system goes through the
// API, by the client generated from the API's OpenAPI document (api/client), so a contract change
// that breaks the demo breaks the build.
import { createApiClient, uploadForm, type Answer, type ApiClient, type Schemas } from '../../api/client';
import { issueToken } from '../../api/auth';

export interface DemoTarget {
  /** The API's base URL, e.g. http://localhost:3000 */
  baseUrl: string;
  jwtSecret: string;
  issuer: string;
  /** PostgreSQL of the running system, to read the sandbox bank's statement (the `payouts` table); none: stop before the amount. */
  databaseUrl?: string;
  /** Where progress lines go (stderr by default). */
  log?: (line: string) => void;
}

export class DemoError extends Error {}

export type Process = Answer<'get', '/v1/processes/{processId}'>;

/** What every openapi-fetch call answers. */
interface Reply<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

// The smallest file the document store accepts as a PNG (judged by its signature).
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

export class DemoClient {
  private operator?: string;
  private readonly started = Date.now();
  readonly runId = Date.now().toString(36);
  private accounts = 0;
  private readonly clients = new Map<string, ApiClient>();

  constructor(readonly target: DemoTarget) {}

  /** A progress line on stderr with the elapsed time since the demo began. */
  say(tag: string, line: string): void {
    const elapsed = ((Date.now() - this.started) / 1000).toFixed(1).padStart(5);
    (this.target.log ?? ((text: string) => process.stderr.write(`${text}\n`)))(`[demo ${elapsed}s] ${tag.padEnd(24)} ${line}`);
  }

  async operatorToken(): Promise<string> {
    this.operator ??= await issueToken(this.target.jwtSecret, this.target.issuer, { role: 'operator', subject: 'demo-operator' });
    return this.operator;
  }

  holderToken(accountId: string): Promise<string> {
    return issueToken(this.target.jwtSecret, this.target.issuer, { role: 'holder', subject: `demo-holder-${accountId}`, accountId });
  }

  /** The generated client, with this bearer token (none: the sandbox stand-ins). */
  api(token = ''): ApiClient {
    let client = this.clients.get(token);
    if (!client) {
      client = createApiClient({ baseUrl: this.target.baseUrl, token: token || undefined, fetch: (request) => this.fetch(request) });
      this.clients.set(token, client);
    }
    return client;
  }

  /** The operator's client. */
  async operatorApi(): Promise<ApiClient> {
    return this.api(await this.operatorToken());
  }

  private async fetch(request: Request): Promise<Response> {
    try {
      return await fetch(request);
    } catch (error) {
      throw new DemoError(`${request.method} ${new URL(request.url).pathname}: the API at ${this.target.baseUrl} does not answer (${describe(error)}); is \`npm start\` running?`);
    }
  }

  /** The answer of a call that must succeed (any 2xx, or `expected`); otherwise the demo stops saying what came back. */
  async ok<T>(pending: Promise<Reply<T>>, expected?: number): Promise<T> {
    const { data, error, response } = await pending;
    const ok = expected !== undefined ? response.status === expected : response.ok;
    if (!ok) throw new DemoError(`${new URL(response.url).pathname} answered ${response.status}: ${JSON.stringify(error ?? data)}`);
    return data as T;
  }

  /** Fails with a clear message unless the API is up and ready (database and Temporal). */
  async checkRunning(): Promise<void> {
    // /readyz is the system's own, not the API contract's: plain fetch.
    const ready = await this.fetch(new Request(`${this.target.baseUrl}/readyz`));
    if (ready.status !== 200) {
      throw new DemoError(`the API at ${this.target.baseUrl} is not ready (${ready.status}: ${await ready.text()}); wait for \`npm start\` to print its addresses`);
    }
    const probe = await (await this.operatorApi()).GET('/v1/reviews', { params: { query: { status: 'pending' } } });
    if (probe.response.status === 401) {
      throw new DemoError(`the API at ${this.target.baseUrl} refuses tokens minted with this JWT secret: run the demo with the same JWT_SECRET / JWT_ISSUER as the system`);
    }
  }

  /** Whether the API serves the review console (GET /console, outside the API contract). */
  async hasConsole(): Promise<boolean> {
    return (await this.fetch(new Request(`${this.target.baseUrl}/console`))).status !== 404;
  }

  /** A fresh account (as the operator) and its holder's token. */
  async newAccount(displayName: string): Promise<{ accountId: string; token: string }> {
    this.accounts += 1;
    const id = `acc_demo_${this.runId}_${this.accounts}`;
    const created = await this.ok((await this.operatorApi()).POST('/v1/accounts', { body: { id, displayName } }));
    return { accountId: created.id, token: await this.holderToken(created.id) };
  }

  /** Uploads a tiny PNG for `purpose` (multipart, as a browser would) and returns the document id. */
  async upload(token: string, purpose: Schemas['Document']['purpose']): Promise<string> {
    const png = new Blob([Buffer.from(PNG)], { type: 'image/png' });
    const document = await this.ok(this.api(token).POST('/v1/documents', { body: { purpose, file: `${purpose}.png` }, bodySerializer: uploadForm(png) }));
    return document.id;
  }

  /** Polls until `check` holds; stops the demo after `timeoutMs`. */
  async until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new DemoError(`${what}: not there after ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  /** Polls the process until `check` holds or it ends; stops the demo after `timeoutMs`. */
  async processWhen(processId: string, token: string, check: (process: Process) => unknown, timeoutMs = 30_000): Promise<Process> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { data, error } = await this.api(token).GET('/v1/processes/{processId}', { params: { path: { processId } } });
      if (data && (check(data) || data.status !== 'open')) return data;
      if (Date.now() > deadline) throw new DemoError(`process ${processId} did not get there in ${timeoutMs / 1000} s; last seen: ${JSON.stringify(data ?? error)}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
