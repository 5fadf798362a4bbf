// Drives our system only through what a client and a provider would use: HTTP.
import { signWebhook } from '../../api/webhook-signature';
import { mainlandId } from '../../tests/support/people';
import type { BenchSystem } from './environment';
import { httpCall } from './http-client';
import { progress } from './progress';
import type { OutcomeSplit, Throughput } from './floor';
import { elapsedMs, paced, pool, sleep, summarize, type Summary } from './stats';

/**
 * How often a client polls GET after the last webhook: the latency is measured
 * to this resolution, and each poll costs ours CPU the floor does not spend.
 */
const POLL_MS = 50;

/** A distinct, valid mainland ID for every index, so R-P5 (3 accounts per identity) never refuses a bench applicant. */
export function benchApplicant(index: number) {
  const day = new Date(Date.UTC(1970, 0, 1) + Math.floor(index / 1000) * 86_400_000);
  const birthDate = day.toISOString().slice(0, 10);
  return {
    name: '张三',
    documentType: 'mainland_id',
    documentNumber: mainlandId('110105', birthDate, String(index % 1000).padStart(3, '0')),
    industry: 'software',
    address: '北京市海淀区中关村大街1号',
  };
}

export interface BenchAccount {
  accountId: string;
  token: string;
  index: number;
}

/** Accounts are set-up, not what is measured: written in bulk straight to the database. */
export async function createAccounts(system: BenchSystem, tag: string, from: number, to: number): Promise<BenchAccount[]> {
  const accounts: BenchAccount[] = [];
  for (let index = from; index < to; index++) {
    const accountId = `acc_bench_${tag}_${index}`;
    accounts.push({ accountId, index, token: await system.holderToken(accountId) });
  }
  for (let i = 0; i < accounts.length; i += 1_000) {
    const chunk = accounts.slice(i, i + 1_000);
    await system.db.account.createMany({ data: chunk.map((a) => ({ id: a.accountId, displayName: `Bench ${a.index}` })) });
  }
  return accounts;
}

async function call(system: BenchSystem, method: string, path: string, token: string | undefined, body?: string, headers: Record<string, string> = {}) {
  const headersSent = {
    ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...headers,
  };
  const { status, text } = await httpCall(`${system.baseUrl}${path}`, method, headersSent, body);
  if (status >= 300) throw new Error(`${method} ${path} answered ${status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as Record<string, unknown>;
}

export async function startVerification(system: BenchSystem, account: BenchAccount): Promise<{ processId: string; ticket: string }> {
  const body = JSON.stringify({ type: 'individual', method: 'wechat_qr', applicant: benchApplicant(account.index) });
  const started = await call(system, 'POST', `/v1/accounts/${account.accountId}/verifications`, account.token, body);
  return { processId: String(started.processId), ticket: String((started.qrCode as { ticket: string }).ticket) };
}

function postWechat(system: BenchSystem, event: Record<string, unknown>) {
  const body = JSON.stringify(event);
  const timestamp = Math.floor(Date.now() / 1000);
  return call(system, 'POST', '/v1/webhooks/wechat', undefined, body, {
    'x-signature': signWebhook(system.config.webhookSecrets.wechat, timestamp, body),
    'x-signature-timestamp': String(timestamp),
  });
}

/**
 * Start, signed `scanned`, signed `authorized`, then poll GET until `verified`:
 * one holder's whole verification, `concurrency` at a time, or begun at
 * `perSecond` whatever is in flight (as floorThroughput).
 */
export async function verifyAll(system: BenchSystem, accounts: BenchAccount[], concurrency: number, label: string, perSecond?: number): Promise<Throughput> {
  const latencies: number[] = [];
  // Wall time (epoch ms) the last webhook was answered, and the latency, by process: split after the run.
  const finished: { processId: string; answeredAt: number; total: number }[] = [];
  let polls = 0;
  const counter = progress(label, accounts.length);
  const began = process.hrtime.bigint();
  const total = accounts.length;
  const run = perSecond ? (task: (index: number) => Promise<void>) => paced(total, perSecond, task) : (task: (index: number) => Promise<void>) => pool(total, concurrency, task);
  await run(async (i) => {
    const account = accounts[i]!;
    const { processId, ticket } = await startVerification(system, account);
    const person = benchApplicant(account.index);
    await postWechat(system, { eventId: `evt-scan-${processId}`, type: 'scanned', ticket });
    await postWechat(system, {
      eventId: `evt-auth-${processId}`,
      type: 'authorized',
      ticket,
      realName: { name: person.name, documentNumber: person.documentNumber },
    });
    const sent = process.hrtime.bigint();
    const answeredAt = Date.now();
    for (;;) {
      const view = await call(system, 'GET', `/v1/processes/${processId}`, account.token);
      polls += 1;
      if (view.status === 'verified') break;
      if (view.status !== 'open') throw new Error(`process ${processId} ended as ${String(view.status)} (${String(view.failureReason)})`);
      if (elapsedMs(sent) > 60_000) throw new Error(`process ${processId} not verified 60 s after the last webhook`);
      await sleep(POLL_MS);
    }
    const total = elapsedMs(sent);
    latencies.push(total);
    finished.push({ processId, answeredAt, total });
    counter.tick();
  });
  counter.done();
  const seconds = elapsedMs(began) / 1000;
  return {
    completed: accounts.length,
    perSecond: accounts.length / seconds,
    lastEventToDone: summarize(latencies),
    latencies,
    pollsPerProcess: polls / accounts.length,
    outcomeSplits: await outcomeSplits(system, finished),
  };
}

/** Read once the phase is over, so the measured path carries no extra query. */
async function outcomeSplits(system: BenchSystem, finished: readonly { processId: string; answeredAt: number; total: number }[]): Promise<OutcomeSplit[]> {
  const completedAt = new Map<string, number>();
  for (let i = 0; i < finished.length; i += 1_000) {
    const rows = await system.db.process.findMany({ where: { id: { in: finished.slice(i, i + 1_000).map((f) => f.processId) } }, select: { id: true, completedAt: true } });
    for (const row of rows) if (row.completedAt) completedAt.set(row.id, row.completedAt.getTime());
  }
  return finished.filter((f) => completedAt.has(f.processId)).map((f) => ({ total: f.total, toOutcomeTask: completedAt.get(f.processId)! - f.answeredAt }));
}

/** Starts verifications and leaves them waiting for a scan; the latency of each start as the holder sees it. */
export async function openVerifications(system: BenchSystem, accounts: BenchAccount[], concurrency: number, label: string, total: number): Promise<Summary> {
  const latencies: number[] = [];
  const counter = progress(label, total, total - accounts.length);
  await pool(accounts.length, concurrency, async (i) => {
    const began = process.hrtime.bigint();
    await startVerification(system, accounts[i]!);
    latencies.push(elapsedMs(began));
    counter.tick();
  });
  counter.done();
  return summarize(latencies);
}
