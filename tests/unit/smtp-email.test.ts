import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import { SMTPServer } from 'smtp-server';
import { assembleProviders, type Providers } from '../../activities/providers';
import type { ChannelSender, OutgoingNotification } from '../../activities/providers/notification-channels';
import { noticeMessageId, smtpEmailSender, type AccountEmails } from '../../activities/providers/smtp-email';
import { ConfigError, loadConfig } from '../../config';
import { createLogger } from '../../config/logger';
import { loadSmtpConfig } from '../../config/smtp';
import { noticeText } from '../../domain/texts';
import type { Database } from '../../prisma/client';
import { classifyActivityError } from '../../worker/activity-failures';
import { fakeProviders } from '../support/fake-providers';
import { productionEnv } from '../support/production-env';

// An address no other test uses, so a hit in the logs or a failure message can only come from here.
const ADDRESS = 'holder.smtp.test@example.cn';
const ACCOUNT = 'acc_mail_1';
const FROM = '实名认证 <noreply@verify.example.cn>';
const USER = 'relay-user';
const PASSWORD = 'relay-password-0000';

interface Arrived {
  from: string | undefined;
  to: string[];
  raw: string;
}

/** What the relay says to the next RCPT TO (a refusal quotes the address, as real relays do). */
let rcptReply: (address: string) => Error | undefined = () => undefined;
const arrived: Arrived[] = [];
const logLines: string[] = [];
let relay: SMTPServer;
let port: number;
let email: ChannelSender;
const emails: AccountEmails = { emailOf: async (accountId) => (accountId === ACCOUNT ? ` ${ADDRESS} ` : null) };

/** The Chinese outcome notice as domain/texts.ts composes it for every channel. */
const verified = noticeText({ outcome: 'verified', processId: 'prc_mail_1' }, 'zh');
const notice = (overrides: Partial<OutgoingNotification> = {}): OutgoingNotification => ({ id: 'prc_mail_1:verified:email', accountId: ACCOUNT, ...verified, ...overrides });

function relayError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

const smtpUrl = (at = port) => `smtp://${USER}:${PASSWORD}@127.0.0.1:${at}`;

/** The message as it arrived, its headers unfolded and its encoded words and base64 body decoded (RFC 2047, RFC 2045). */
function read(raw: string): { headers: Map<string, string>; body: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  const words = (value: string) =>
    value
      .replace(/\?=\s+=\?/g, '?==?')
      .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
        kind.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('utf8') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
      );
  for (const [name, value] of headers) headers.set(name, words(value));
  const encoded = raw.slice(split + 4);
  const body = headers.get('content-transfer-encoding')?.toLowerCase() === 'base64' ? Buffer.from(encoded.replace(/\s+/g, ''), 'base64').toString('utf8') : encoded;
  return { headers, body: body.replace(/\r\n$/, '') };
}

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApplicationFailure);
  const failure = error as ApplicationFailure;
  return { type: failure.type, retryable: classifyActivityError(failure).retryable, message: failure.message };
}

beforeAll(async () => {
  relay = new SMTPServer({
    // A local relay in clear (config/smtp.ts allows it only on loopback), with credentials.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === USER && auth.password === PASSWORD) callback(null, { user: USER });
      else callback(relayError('535 authentication failed', 535));
    },
    onRcptTo(address, _session, callback) {
      callback(rcptReply(address.address) ?? null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        arrived.push({ from: from ? from.address : undefined, to: session.envelope.rcptTo.map((to) => to.address), raw: Buffer.concat(chunks).toString('latin1') });
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  port = (relay.server.address() as AddressInfo).port;
  const problems: string[] = [];
  const config = loadSmtpConfig({ SMTP_URL: smtpUrl(), SMTP_FROM: FROM, SMTP_TIMEOUT_SECONDS: '2' }, problems);
  expect(problems).toEqual([]);
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  email = smtpEmailSender({ config: config!, emails, logger: createLogger({ level: 'trace', destination }) });
});
afterAll(async () => {
  await new Promise<void>((resolve) => relay.close(() => resolve()));
});
beforeEach(() => {
  arrived.length = 0;
  logLines.length = 0;
  rcptReply = () => undefined;
});

describe('the SMTP e-mail adapter against a real SMTP server on loopback (R-G5)', () => {
  it('R-G5: the Chinese outcome notice arrives at the account\'s address, its title the subject and its body the text; the log names the notice, never the address', async () => {
    await email.send(notice());
    expect(arrived).toHaveLength(1);
    const [message] = arrived;
    expect(message!.from).toBe('noreply@verify.example.cn');
    expect(message!.to).toEqual([ADDRESS]);
    const { headers, body } = read(message!.raw);
    expect(headers.get('subject')).toBe(verified.title);
    expect(verified.title).toMatch(/[\u4e00-\u9fff]/);
    expect(body).toBe(verified.body);
    expect(body).toMatch(/[\u4e00-\u9fff]/);
    expect(headers.get('from')).toBe(FROM);
    expect(headers.get('content-type')).toMatch(/text\/plain; charset=utf-8/i);
    expect(headers.get('x-notice-id')).toBe(notice().id);
    expect(logLines.some((line) => line.includes('e-mail sent') && line.includes(notice().id))).toBe(true);
    expect(logLines.join('\n')).not.toContain(ADDRESS);
    expect(logLines.join('\n')).not.toContain(PASSWORD);
  });

  it('R-G5: every attempt of a notice carries the same Message-ID, at the sender\'s domain, so a retry after a lost answer can be shown once; another notice gets another', async () => {
    await email.send(notice());
    await email.send(notice());
    await email.send({ ...notice(), id: `${notice().id}:other` });
    const ids = arrived.map((message) => read(message.raw).headers.get('message-id'));
    expect(ids[0]).toMatch(/^<notice\.[0-9a-f]{32}@verify\.example\.cn>$/);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(noticeMessageId('n1', 'noreply@example.com')).toBe(noticeMessageId('n1', '实名认证 <noreply@example.com>'));
    // A sender domain that is no dot-atom (RFC 5322) is not copied into the header.
    for (const from of ['noreply@a..b', 'noreply@-a.example', 'noreply@例子.测试']) expect(noticeMessageId('n1', from)).toMatch(/@notices\.invalid>$/);
  });

  it('R-G7: an account without an address fails for good, naming the notice and not sending', async () => {
    const failure = await failureOf(email.send(notice({ accountId: 'acc_without_mail' })));
    expect(failure).toMatchObject({ type: 'InvalidActivityInput', retryable: false });
    expect(failure.message).toContain(notice().id);
    expect(arrived).toEqual([]);
  });

  it('R-G7: a relay refusing the recipient (5xx) fails for good; a relay saying try later (4xx) is retried; neither message quotes the address', async () => {
    rcptReply = (address) => relayError(`550 5.1.1 <${address}>: no such mailbox`, 550);
    const refused = await failureOf(email.send(notice()));
    expect(refused).toMatchObject({ type: 'ProviderRejected', retryable: false });
    expect(refused.message).toContain('550');
    rcptReply = (address) => relayError(`451 4.7.1 <${address}>: greylisted, try later`, 451);
    const later = await failureOf(email.send(notice()));
    expect(later).toMatchObject({ type: 'DependencyUnavailable', retryable: true });
    for (const failure of [refused, later]) expect(failure.message).not.toContain(ADDRESS);
    expect(logLines.join('\n')).not.toContain(ADDRESS);
    expect(arrived).toEqual([]);
  });

  it('R-G7: a relay that cannot be reached is retried; wrong credentials are not', async () => {
    const closed = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = smtpEmailSender({ config: loadSmtpConfig({ SMTP_URL: smtpUrl(closedPort), SMTP_FROM: FROM, SMTP_TIMEOUT_SECONDS: '1' }, [])!, emails, logger: createLogger({ level: 'silent' }) });
    expect(await failureOf(down.send(notice()))).toMatchObject({ type: 'DependencyUnavailable', retryable: true });
    const wrong = smtpEmailSender({ config: loadSmtpConfig({ SMTP_URL: `smtp://${USER}:wrong@127.0.0.1:${port}`, SMTP_FROM: FROM }, [])!, emails, logger: createLogger({ level: 'silent' }) });
    const denied = await failureOf(wrong.send(notice()));
    expect(denied).toMatchObject({ type: 'ProviderRejected', retryable: false });
    expect(denied.message).not.toContain('wrong');
    expect(arrived).toEqual([]);
  });
});

describe('SMTP configuration (config/smtp.ts)', () => {
  it('reads the relay from SMTP_URL: STARTTLS required off loopback, TLS from the start for smtps, the password never in a problem', () => {
    const problems: string[] = [];
    expect(loadSmtpConfig({ SMTP_URL: 'smtp://mailer:p%40ss@smtp.example.cn', SMTP_FROM: 'noreply@example.cn' }, problems)).toMatchObject({
      host: 'smtp.example.cn',
      port: 587,
      secure: false,
      requireTls: true,
      auth: { user: 'mailer', pass: 'p@ss' },
    });
    expect(loadSmtpConfig({ SMTP_URL: 'smtps://smtp.example.cn', SMTP_FROM: 'noreply@example.cn' }, problems)).toMatchObject({ port: 465, secure: true, requireTls: false, auth: undefined });
    expect(problems).toEqual([]);
    expect(loadSmtpConfig({}, problems)).toBeUndefined();
    loadSmtpConfig({ SMTP_URL: 'http://user:secret-pass@smtp.example.cn', SMTP_FROM: 'a@b.cn\r\nBcc: c@d.cn', SMTP_TIMEOUT_SECONDS: '0' }, problems);
    expect(problems).toEqual([expect.stringContaining('smtp://'), expect.stringContaining('SMTP_FROM'), expect.stringContaining('SMTP_TIMEOUT_SECONDS')]);
    expect(problems.join('\n')).not.toContain('secret-pass');
  });

  it('EMAIL_PROVIDER=smtp needs SMTP_URL; it selects ADAPTERS.email.smtp, which sends to the relay; without the account directory it refuses to start', async () => {
    expect(() => loadConfig({ ...productionEnv(), EMAIL_PROVIDER: 'smtp', LOG_LEVEL: 'silent' })).toThrow(/EMAIL_PROVIDER=smtp needs SMTP_URL/);
    const config = loadConfig({ ...productionEnv(), EMAIL_PROVIDER: 'smtp', SMTP_URL: smtpUrl(), SMTP_FROM: FROM, LOG_LEVEL: 'silent' });
    const injected = (): Partial<Providers> => {
      const { email: _email, ...others } = fakeProviders();
      return others;
    };
    const { contactDirectory: _none, ...withoutDirectory } = injected();
    expect(() => assembleProviders({ db: {} as Database, config }, withoutDirectory)).toThrow(ConfigError);
    const providers = assembleProviders({ db: {} as Database, config, logger: createLogger({ level: 'silent' }) }, { ...injected(), contactDirectory: { ...fakeProviders().contactDirectory, ...emails } });
    await providers.email.send(notice());
    expect(arrived.map((message) => message.to)).toEqual([[ADDRESS]]);
  });
});
