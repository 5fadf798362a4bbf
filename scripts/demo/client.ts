// The demo's HTTP client and its progress lines: everything it does to the system goes through the API.
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

export interface Reply<T = any> {
  status: number;
  body: T;
}

export class DemoError extends Error {}

// The smallest file the document store accepts as a PNG (judged by its signature).
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

export class DemoClient {
  private operator?: string;
  private readonly started = Date.now();
  readonly runId = Date.now().toString(36);
  private accounts = 0;

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

  async request<T = any>(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Reply<T>> {
    let response: Response;
    try {
      response = await fetch(`${this.target.baseUrl}${path}`, {
        method,
        headers: {
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
    } catch (error) {
      throw new DemoError(`${method} ${path}: the API at ${this.target.baseUrl} does not answer (${describe(error)}); is \`npm start\` running?`);
    }
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (e.g. an HTML page): keep the text.
    }
    return { status: response.status, body: body as T };
  }

  /** A request that must answer `expected` (any 2xx by default); otherwise the demo stops saying what came back. */
  async call<T = any>(method: string, path: string, options: { token?: string; body?: unknown; expected?: number } = {}): Promise<T> {
    const reply = await this.request<T>(method, path, options);
    const ok = options.expected !== undefined ? reply.status === options.expected : reply.status >= 200 && reply.status < 300;
    if (!ok) throw new DemoError(`${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  /** Fails with a clear message unless the API is up and ready (database and Temporal). */
  async checkRunning(): Promise<void> {
    const ready = await this.request('GET', '/readyz');
    if (ready.status !== 200) {
      throw new DemoError(`the API at ${this.target.baseUrl} is not ready (${ready.status}: ${JSON.stringify(ready.body)}); wait for \`npm start\` to print its addresses`);
    }
    const probe = await this.request('GET', '/v1/reviews?status=pending', { token: await this.operatorToken() });
    if (probe.status === 401) {
      throw new DemoError(`the API at ${this.target.baseUrl} refuses tokens minted with this JWT secret: run the demo with the same JWT_SECRET / JWT_ISSUER as the system`);
    }
  }

  /** A fresh account (as the operator) and its holder's token. */
  async newAccount(displayName: string): Promise<{ accountId: string; token: string }> {
    this.accounts += 1;
    const id = `acc_demo_${this.runId}_${this.accounts}`;
    const created = await this.call<{ id: string }>('POST', '/v1/accounts', { token: await this.operatorToken(), body: { id, displayName } });
    return { accountId: created.id, token: await this.holderToken(created.id) };
  }

  /** Uploads a tiny PNG for `purpose` (multipart, as a browser would) and returns the document id. */
  async upload(token: string, purpose: string): Promise<string> {
    const form = new FormData();
    form.set('purpose', purpose);
    form.set('file', new Blob([Buffer.from(PNG)], { type: 'image/png' }), `${purpose}.png`);
    const response = await fetch(`${this.target.baseUrl}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    const body = (await response.json().catch(() => null)) as { id?: string } | null;
    if (response.status !== 201 && response.status !== 200) throw new DemoError(`upload of ${purpose} answered ${response.status}: ${JSON.stringify(body)}`);
    return body!.id!;
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
  async processWhen(processId: string, token: string, check: (process: any) => boolean, timeoutMs = 30_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    let last: Reply | undefined;
    for (;;) {
      last = await this.request('GET', `/v1/processes/${processId}`, { token });
      if (last.status === 200 && (check(last.body) || last.body.status !== 'open')) return last.body;
      if (Date.now() > deadline) throw new DemoError(`process ${processId} did not get there in ${timeoutMs / 1000} s; last seen: ${JSON.stringify(last.body)}`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}

function describe(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return cause ?? (error instanceof Error ? error.message : String(error));
}
