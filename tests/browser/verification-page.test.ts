import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { approveRemittance, processWhen, startEnterprise } from '../support/enterprise-flows';
import { applicant } from '../support/people';
import { eventually, http, startSystem, uniqueId, type RunningSystem } from '../support/system';

const ROOT = join(__dirname, '..', '..');
const ARTIFACTS = join(ROOT, '.data', 'artifacts');

// Issue 19: the hosted verification page in headless Chromium over the real system (API, worker, Temporal, PostgreSQL).
// The phone is the sandbox: the test reads the QR code off the page as a camera would, and drives the provider with its ticket.
// Three processes driven to their outcome under load: more than the default minute each.
jest.setTimeout(240_000);

describe('hosted verification page in a browser', () => {
  let system: RunningSystem;
  let browser: Browser;

  beforeAll(async () => {
    const executablePath = execFileSync(process.execPath, [join(ROOT, 'scripts', 'ensure-chromium.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1000' });
    browser = await chromium.launch({ executablePath, headless: true });
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  /** A phone-sized tab on the session's page, marked so a reload would show (the mark would be gone). */
  async function openSession(processId: string, token: string, query = ''): Promise<Page> {
    const session = await http(system, 'POST', `/v1/processes/${processId}/session`, { token });
    expect(session.status).toBe(201);
    // A phone in mainland China: it asks for Chinese (Accept-Language: zh-CN), as the page also defaults to.
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) problems.push(message.text());
    });
    await page.goto(`${system.baseUrl}${new URL(session.body.url).pathname}${query}`);
    await page.evaluate(() => {
      (globalThis as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    // Live: the stream is open (the page shows so once EventSource connects).
    await page.locator('#live').waitFor({ state: 'visible' });
    expect(problems).toEqual([]);
    return page;
  }

  const notReloaded = (page: Page) => page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded === true);

  /** The QR code as a camera sees it: a screenshot of the image, decoded. */
  async function scanQr(page: Page): Promise<string> {
    const image = page.locator('#qr');
    await image.waitFor();
    await eventually(() => image.evaluate((element) => {
      const loaded = element as unknown as { complete: boolean; naturalWidth: number };
      return loaded.complete && loaded.naturalWidth > 0;
    }), (loaded) => loaded === true);
    const png = PNG.sync.read(await image.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded).not.toBeNull();
    return decoded!.data;
  }

  /** The ticket in a sandbox code's URL (…/tickets/<ticket>…). */
  const ticketOf = (qrUrl: string) => /\/tickets\/([^/?#]+)/.exec(qrUrl)?.[1] ?? qrUrl;

  const textOf = async (page: Page, selector: string) => (await page.locator(selector).textContent()) ?? '';

  async function newHolder() {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Page test' } })).body.id as string;
    return { accountId, token: await system.holderToken(accountId) };
  }

  it('R-P4, R-P7: the holder scans the code read off the page, authorises, and the page turns to verified without a reload', async () => {
    const { accountId, token } = await newHolder();
    const person = applicant();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
    const { processId, qrCode } = started.body;
    const page = await openSession(processId, token);

    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await textOf(page, '#step')).toBe('等待扫码');
    expect(await page.locator('[data-countdown]').textContent()).toMatch(/^\d+:\d{2}$/);
    expect(await textOf(page, '#next')).toContain('二维码失效（R-P7）');
    const scanned = await scanQr(page);
    expect(scanned).toBe(qrCode.qrUrl);
    const ticket = ticketOf(scanned);
    expect(ticket).toBe(qrCode.ticket);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'verification-page-scan.png'), fullPage: true });

    expect((await http(system, 'POST', `/v1/sandbox/wechat/tickets/${ticket}/scan`)).status).toBe(200);
    await eventually(() => textOf(page, '#step'), (step) => step === '已扫码，等待授权');
    const authorised = await http(system, 'POST', `/v1/sandbox/wechat/tickets/${ticket}/authorize`, { body: { name: person.name, documentNumber: person.documentNumber } });
    expect(authorised.status).toBe(200);
    await eventually(() => page.locator('#status').getAttribute('data-status'), (status) => status === 'verified');
    expect(await textOf(page, '#outcome')).toContain('认证成功');
    expect(await notReloaded(page)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'verification-page-verified.png'), fullPage: true });
    await page.close();
  });

  it('R-P8: a face failure shows its reason and the tries left; the page asks for the next try, whose fresh code passes (English)', async () => {
    const { accountId, token } = await newHolder();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'face', applicant: applicant() } });
    const { processId } = started.body;
    const page = await openSession(processId, token, '?lang=en');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    const first = ticketOf(await scanQr(page));
    // A magic name makes the sandbox report the R-P8 failure "face covered".
    expect((await http(system, 'POST', `/v1/sandbox/face/tickets/${first}/pass`, { body: { name: '人脸遮挡' } })).status).toBe(200);
    await eventually(() => page.locator('#status').getAttribute('data-step'), (step) => step === 'face_failed');
    expect(await textOf(page, '.face-failure')).toContain('Your face was covered');
    const triesLeft = Number(await textOf(page, '#face-tries-left'));
    expect(triesLeft).toBe(system.config.limits.faceMaxTries - 1);
    expect(await page.locator('#qr').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'verification-page-face-failed.png'), fullPage: true });

    await page.click('button[data-action="qr-code"]');
    await eventually(() => page.locator('#status').getAttribute('data-step'), (step) => step === 'awaiting_scan');
    const second = ticketOf(await scanQr(page));
    expect(second).not.toBe(first);
    expect((await http(system, 'POST', `/v1/sandbox/face/tickets/${second}/pass`)).status).toBe(200);
    await eventually(() => page.locator('#status').getAttribute('data-status'), (status) => status === 'verified');
    expect(await textOf(page, '#outcome')).toContain('Verified');
    expect(await notReloaded(page)).toBe(true);
    await page.close();
  });

  it('R-E6.5: the remittance amount is entered on the page; a wrong one uses an attempt, the right one verifies, with no reload', async () => {
    const started = await startEnterprise(system, 'remittance');
    await approveRemittance(system, started);
    await processWhen(system, started, (p) => p.step === 'awaiting_amount');
    const page = await openSession(started.processId, started.token);
    await page.locator('form[data-action="remittance-amount"]').waitFor();
    expect(await textOf(page, '#next')).toContain('填写打款金额截止（R-E6.5）');
    const attempts = Number(await textOf(page, '#amount-attempts-left'));
    const payout = await system.db.payout.findFirstOrThrow({ where: { processId: started.processId } });
    const yuan = (fen: number) => `0.${String(fen).padStart(2, '0')}`;
    // Each entry the page sends, with its Idempotency-Key.
    const entryKeys: (string | undefined)[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/remittance-amount')) entryKeys.push(request.headers()['idempotency-key']);
    });

    // The first send of a wrong amount gets no answer (the network): its retry, however the amount is spelt, is the same entry.
    const wrongFen = payout.amountFen === 99 ? 98 : payout.amountFen + 1;
    await page.route((url) => url.pathname.endsWith('/remittance-amount'), (route) => route.abort('internetdisconnected'), { times: 1 });
    await page.fill('#amount-yuan', yuan(wrongFen));
    await page.click('form[data-action="remittance-amount"] button[type=submit]');
    await eventually(() => page.locator('#message').getAttribute('class'), (kind) => (kind ?? '').includes('offline'));
    // A double click sends the entry once: the button is disabled while it is in flight (else the second wrong one would end the process).
    await page.fill('#amount-yuan', `.${String(wrongFen).padStart(2, '0')}`);
    await page.dblclick('form[data-action="remittance-amount"] button[type=submit]');
    await eventually(() => textOf(page, '#message'), (text) => text === '金额不正确');
    await eventually(() => textOf(page, '#amount-attempts-left'), (left) => Number(left) === attempts - 1);
    await page.screenshot({ path: join(ARTIFACTS, 'verification-page-amount.png'), fullPage: true });

    await page.fill('#amount-yuan', yuan(payout.amountFen));
    await page.click('form[data-action="remittance-amount"] button[type=submit]');
    await eventually(() => page.locator('#status').getAttribute('data-status'), (status) => status === 'verified');
    expect(await notReloaded(page)).toBe(true);
    // Two entries, each under its own random key; the lost send and its retry under one.
    expect(entryKeys).toHaveLength(3);
    expect(entryKeys.every((key) => /^[0-9a-f]{32}$/.test(key ?? ''))).toBe(true);
    expect(entryKeys[1]).toBe(entryKeys[0]);
    expect(entryKeys[2]).not.toBe(entryKeys[1]);
    await page.close();
  });
});
