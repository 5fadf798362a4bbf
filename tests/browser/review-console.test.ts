import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { mainlandId } from '../support/people';
import { eventually, http, startSystem, uniqueId, type RunningSystem } from '../support/system';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, '.data', 'artifacts');

// --- a real PNG (the e2e tests upload bare signatures; a browser must be able to decode this one) ---
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
/** A width×height RGB PNG: a red frame with a blue diagonal band, like a stand-in licence photo. */
function licencePng(width = 96, height = 64): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < width; x++) {
      const frame = x < 4 || y < 4 || x >= width - 4 || y >= height - 4;
      const band = Math.abs(x - y * (width / height)) < 6;
      rows.push(...(frame ? [200, 30, 30] : band ? [30, 60, 200] : [250, 245, 230]));
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const CREDIT_CODE = '91350100M000100Y43';
const legalPerson = { name: '陈法人', documentNumber: mainlandId('350102', '1970-03-01', '117') };
const handler = { name: '林经办', documentNumber: mainlandId('350102', '1990-07-21', '135') };

// The console in headless Chromium over the real system: API, worker, Temporal dev server, PostgreSQL.
describe('review console (R-E6.3) in a browser', () => {
  let system: RunningSystem;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // Idempotent: CHROMIUM_PATH, chromium on PATH, else Debian's package (minutes, the first time only).
    const executablePath = execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure-chromium.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' });
    browser = await chromium.launch({ executablePath, headless: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function upload(token: string, purpose: string): Promise<string> {
    const form = new FormData();
    form.set('purpose', purpose);
    form.set('file', new Blob([licencePng()], { type: 'image/png' }), `${purpose}.png`);
    const response = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  }

  /** As tests/e2e/enterprise-remittance.test.ts: a remittance start, the handler's face check, then in_review. */
  async function remittanceInReview() {
    const name = `福州控制台测试有限公司${uniqueId('')}`;
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: name } })).body.id as string;
    const token = await system.holderToken(accountId);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
      token,
      body: {
        method: 'remittance',
        remittance: {
          bankAccount: { accountNumber: '6222020200112233445', bank: '中国工商银行', location: '福建省福州市', branch: '五一支行' },
          legalPerson,
          handler,
          photos: { emblemSideDocumentId: await upload(token, 'legal_person_id_emblem'), portraitSideDocumentId: await upload(token, 'legal_person_id_portrait') },
        },
        enterprise: {
          licenceType: 'business_licence',
          licenceDocumentId: await upload(token, 'business_licence'),
          name,
          creditCode: CREDIT_CODE,
          address: '福建省福州市鼓楼区',
          contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '+86 138 0013 8000' },
        },
      },
    });
    expect(started.status).toBe(201);
    const processId = started.body.processId as string;
    const processWhen = (check: (body: any) => boolean) =>
      eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));
    const face = await processWhen((p) => p.step === 'awaiting_handler_face' && p.qrCode);
    await http(system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`);
    const inReview = await processWhen((p) => p.step === 'in_review' && p.remittance?.reviewId);
    return { accountId, processId, token, processWhen, reviewId: inReview.body.remittance.reviewId as string };
  }

  it('an operator signs in, opens the review from the queue, sees the licence, claims and rejects with a reason; the process moves on', async () => {
    const { processId, reviewId, processWhen, accountId, token } = await remittanceInReview();
    
    // The page itself needs no token; its data calls do.
    const served = await fetch(`${system.baseUrl}/console`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${system.baseUrl}/console/reviews/${reviewId}/workflows`)).status).toBe(401);
    const holderAsked = await fetch(`${system.baseUrl}/console/reviews/${reviewId}/workflows`, { headers: { authorization: `Bearer ${token}` } });
    expect(holderAsked.status).toBe(403);

    await page.goto(`${system.baseUrl}/console`);
    await page.fill('#token', system.operatorToken);
    await page.click('#sign-in-form button[type=submit]');

    // The queue, oldest first, with the SLA deadline and the claim owner.
    const row = page.locator(`#queue-rows tr[data-review-id="${reviewId}"]`);
    await row.waitFor();
    expect(await row.locator('td').nth(3).textContent()).toBe('R-E2, R-E6');
    expect(await row.locator('td.claim').textContent()).toBe('—');
    await row.locator('a').click();

    // The review: rules with their summaries, masked fields, the licence rendered from the API.
    await page.locator('#review-status').waitFor();
    expect(await page.locator('tr[data-rule="R-E6"] td').textContent()).toContain('Corporate remittance');
    const fields = (await page.locator('dl.fields').first().textContent()) ?? '';
    expect(fields).toContain('****3445');
    expect(fields).not.toContain(legalPerson.documentNumber);
    const licence = page.locator('img[data-document="licence"]');
    await licence.waitFor();
    // Polled through the element itself: the page's CSP forbids eval, so no string predicates.
    await eventually(() => licence.evaluate((image) => image.complete && image.naturalWidth > 0), (loaded) => loaded === true);
    expect(await licence.evaluate((image) => [image.naturalWidth, image.naturalHeight])).toEqual([96, 64]);
    expect(await licence.getAttribute('src')).toMatch(/^blob:/);
    const links = await page.locator('a.workflow-link').evaluateAll((anchors) => anchors.map((anchor) => anchor.href));
    const process = await system.db.process.findUniqueOrThrow({ where: { id: processId } });
    const ui = `${system.config.temporal.webUiUrl}/namespaces/${system.config.temporal.namespace}/workflows`;
    expect(links).toEqual([`${ui}/review-${reviewId}`, `${ui}/${encodeURIComponent(process.workflowId)}`]);

    // The unmasked view goes through the audited subject read, with a reason (none yet: a first verification).
    await page.click('details.unmasked summary');
    await page.fill('#unmasked-reason', 'checking the console in a browser test');
    await page.click('#unmasked-form button[type=submit]');
    await eventually(() => page.locator('#unmasked-output').textContent(), (text) => (text ?? '').includes('audited as'));
    expect(await system.db.subjectAccessAudit.count({ where: { accountId: accountId, reason: 'checking the console in a browser test' } })).toBe(1);

    // Claim: the claim owner shows.
    await page.click('#claim');
    await eventually(() => page.locator('#review-claim').textContent(), (claim) => /^test-operator until /.test(claim ?? ''));

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'review-console.png'), fullPage: true });

    // A decision without a reason is refused in the page; with one it goes to the API.
    await page.check('#decision-reject');
    await page.fill('#decision-reason', '   ');
    await page.click('#decide');
    expect(await page.locator('#review-status').textContent()).toBe('pending');
    const reason = 'licence photo unreadable; upload a colour scan (R-E2)';
    await page.fill('#decision-reason', reason);
    await page.click('#decide');
    await eventually(() => page.locator('#review-status').textContent(), (status) => status === 'rejected');
    expect(await page.locator('#audit-rows tr[data-action="rejected"] td').nth(3).textContent()).toBe(reason);
    await page.screenshot({ path: join(ARTIFACTS, 'review-console-rejected.png'), fullPage: true });

    // Over the API: the rejection is in the audit, and the process went review_rejected → choosing_method.
    const moved = await processWhen((p) => p.step === 'choosing_method');
    expect(moved.body).toMatchObject({ status: 'open', step: 'choosing_method', remittance: { reviewReason: reason } });
    const steps = moved.body.history.map((h: { step: string }) => h.step);
    expect(steps.slice(steps.lastIndexOf('in_review'))).toEqual(['in_review', 'review_rejected', 'choosing_method']);
    const review = await http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken });
    expect(review.body).toMatchObject({ status: 'rejected', decidedBy: 'test-operator', decisionReason: reason });
    expect(review.body.audit.map((a: { action: string }) => a.action)).toEqual(['created', 'claimed', 'rejected']);

    // A deep link to the review survives signing in again.
    await page.click('#sign-out');
    await page.goto(`${system.baseUrl}/console#/reviews/${reviewId}`);
    await page.fill('#token', system.operatorToken);
    await page.click('#sign-in-form button[type=submit]');
    await eventually(() => page.locator('#decision-outcome').textContent(), (text) => (text ?? '').startsWith('rejected by test-operator'));
  });
});
