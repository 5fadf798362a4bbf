// Runs every demo flow in turn against a running system and says where to look at each.
import { Client } from 'pg';
import { DemoClient, DemoError, type DemoTarget } from './client';
import {
  changeToEnterprise,
  enterpriseNameChange,
  enterpriseRecharge,
  enterpriseRemittance,
  individualFace,
  individualQq,
  individualWechat,
  officialAccount,
  type FlowResult,
  type SandboxDatabase,
} from './flows';
import { startDemoReceiver, type DemoEvent } from './webhook-receiver';
import { openHostedPage, type HostedPage } from './verification-page';

export interface DemoOptions extends DemoTarget {
  /** Temporal Web UI, for the links printed at the end (e.g. http://localhost:8233). */
  webUiUrl: string;
  namespace: string;
}

export interface DemoRun {
  results: FlowResult[];
  failures: Array<{ title: string; error: string }>;
  /** The lines to print at the end: where to look at each process. */
  summary: string[];
  /** Issue 19: the platform events the demo's receiver got, each with whether its signature verified. */
  events: DemoEvent[];
  /** Issue 19: a process left awaiting its scan, with the session URL of its hosted page. */
  hostedPage?: HostedPage;
}

const FLOWS = 8;

/** Connects to the system's PostgreSQL for the sandbox bank statement; undefined (and says why) when it cannot. */
async function openDatabase(demo: DemoClient, url: string | undefined): Promise<(SandboxDatabase & { close(): Promise<void> }) | undefined> {
  if (!url) return undefined;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1 FROM payouts LIMIT 1');
  } catch (error) {
    demo.say('database', `cannot read the sandbox bank statement at ${url.replace(/\/\/[^@]*@/, '//…@')} (${error instanceof Error ? error.message : String(error)}): remittance stops at awaiting_amount`);
    await client.end().catch(() => undefined);
    return undefined;
  }
  return {
    async payoutAmountFen(processId) {
      const { rows } = await client.query<{ amount_fen: number }>('SELECT amount_fen FROM payouts WHERE process_id = $1 AND refused_at IS NULL ORDER BY created_at DESC LIMIT 1', [processId]);
      return rows[0]?.amount_fen;
    },
    async backdateVerification(accountId, days) {
      await client.query(`UPDATE accounts SET verified_at = verified_at - make_interval(days => $2) WHERE id = $1`, [accountId, days]);
    },
    close: () => client.end(),
  };
}

export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const demo = new DemoClient(options);
  await demo.checkRunning();
  demo.say('demo', `the system at ${options.baseUrl} is ready; driving ${FLOWS} processes (run ${demo.runId})`);
  const database = await openDatabase(demo, options.databaseUrl);
  const receiver = await startDemoReceiver(demo);
  const results: FlowResult[] = [];
  const failures: DemoRun['failures'] = [];
  let done = 0;
  async function step<T>(title: string, flow: () => Promise<T>, toResult: (value: T) => FlowResult): Promise<T | undefined> {
    const began = Date.now();
    try {
      const value = await flow();
      const result = toResult(value);
      results.push(result);
      done += 1;
      demo.say('demo', `${done}/${FLOWS} ${title}: ${result.outcome} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
      return value;
    } catch (error) {
      // A flow that stops does not stop the others (except the changes that build on it).
      if (!(error instanceof DemoError) && !(error instanceof Error)) throw error;
      if (error instanceof DemoError && /does not answer/.test(error.message)) throw error;
      done += 1;
      failures.push({ title, error: error.message });
      demo.say('demo', `${done}/${FLOWS} ${title}: FAILED: ${error.message}`);
      return undefined;
    }
  }
  try {
    const wechat = await step('individual WeChat QR', () => individualWechat(demo), (v) => v.result);
    await step('individual face', () => individualFace(demo), (v) => v);
    await step('individual QQ + bank card', () => individualQq(demo), (v) => v);
    await step('enterprise recharge', () => enterpriseRecharge(demo), (v) => v);
    await step('enterprise remittance', () => enterpriseRemittance(demo, database), (v) => v);
    const official = await step('WeChat Official Account', () => officialAccount(demo), (v) => v.result);
    if (wechat?.result.outcome === 'verified') {
      await step('change: individual → enterprise', () => changeToEnterprise(demo, wechat.result.accountId, wechat.token), (v) => v);
    } else {
      failures.push({ title: 'change: individual → enterprise', error: 'skipped: needs the WeChat-verified individual account' });
    }
    if (official?.result.outcome === 'verified') {
      await step('change: enterprise name', () => enterpriseNameChange(demo, official.result.accountId, official.token, database), (v) => v);
    } else {
      failures.push({ title: 'change: enterprise name', error: 'skipped: needs the official-account enterprise' });
    }
    // The worker delivers events apart from the processes: wait a little for each outcome's.
    await receiver?.awaitOutcomes(results.map((result) => result.processId));
  } finally {
    await database?.close();
    await receiver?.stop();
  }
  const hostedPage = await openHostedPage(demo).catch((error: Error) => {
    failures.push({ title: 'hosted verification page', error: error.message });
    return undefined;
  });
  const summary = [...(await summarise(demo, options, results, failures)), '', ...(receiver?.summary() ?? ['Webhook receiver: not registered (see above).'])];
  if (hostedPage) summary.push('', ...hostedPage.lines);
  return { results, failures, summary, events: receiver?.events ?? [], hostedPage };
}

async function summarise(demo: DemoClient, options: DemoOptions, results: FlowResult[], failures: DemoRun['failures']): Promise<string[]> {
  const api = options.baseUrl;
  const ui = options.webUiUrl.replace(/\/$/, '');
  const hasConsole = await demo.hasConsole();
  const lines = ['', `Demo run ${demo.runId}: ${results.length} processes driven, ${failures.length} failed or skipped.`, ''];
  for (const result of results) {
    lines.push(`${result.title}: ${result.outcome}`);
    if (result.processId !== '-') lines.push(`  process      ${api}/v1/processes/${result.processId}`);
    lines.push(`  account      ${api}/v1/accounts/${result.accountId}   (history: ${api}/v1/accounts/${result.accountId}/history)`);
    lines.push(`  workflow     ${ui}/namespaces/${options.namespace}/workflows/account-process-${result.accountId}`);
    if (result.reviewId) {
      lines.push(`  review       ${api}/v1/reviews/${result.reviewId}   (workflow: ${ui}/namespaces/${options.namespace}/workflows/review-${result.reviewId})`);
      if (hasConsole) lines.push(`  console      ${api}/console#/reviews/${result.reviewId}`);
    }
    if (result.note) lines.push(`  note         ${result.note}`);
  }
  for (const failure of failures) lines.push(`${failure.title}: ${failure.error}`);
  lines.push(
    '',
    'The API answers with a bearer token: a holder token for its own account, or an operator token (npm start prints both;',
    `the demo minted its own with the same secret). The Web UI also finds them by search attribute, e.g. AccountId = "${results[0]?.accountId ?? 'acc_demo'}".`,
    hasConsole ? `Review console (operator token): ${api}/console` : 'Review console: not served by this API (GET /console is 404); reviews are at /v1/reviews.',
  );
  return lines;
}
