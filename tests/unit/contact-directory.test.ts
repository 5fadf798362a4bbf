import { Writable } from 'node:stream';
import { ApplicationFailure } from '@temporalio/common';
import { maskEmail, maskMobile, sandboxContactDirectory } from '../../activities/providers/contact-directory';
import { httpContactDirectory } from '../../activities/providers/http-contact-directory';
import { signedHttpClient } from '../../activities/providers/signed-http';
import { createLogger } from '../../config/logger';
import type { SignedHttpConfig } from '../../config/signed-http';
import { contractError, startSignedStandin, type SignedStandin, type StandinReply, type StandinRequest } from '../support/signed-http-standin';

// Values no other test uses, so a hit in a log line or a failure message can only come from here.
const ACCOUNT = 'acc_directory_1';
const MOBILE = '+86 139 8765 4321';
const EMAIL = 'zhang.directory@example.cn';
const KEY_ID = 'realname-directory-key';
const SECRET = 'contact-directory-standin-secret-0123456789';

let standin: SignedStandin;
let handle: (request: StandinRequest) => StandinReply | Promise<StandinReply>;
const logLines: string[] = [];
const logger = createLogger({
  level: 'trace',
  destination: new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  }),
});

/** The account service of contact-directory.md: the contacts it holds per account. */
function accounts(held: Record<string, { mobile?: string | null; email?: string | null }>) {
  return (request: StandinRequest): StandinReply => {
    const match = /^\/platform\/v1\/accounts\/([^/]+)\/contacts$/.exec(request.path);
    if (request.method !== 'GET' || !match) return contractError(404, 'not_found');
    const accountId = decodeURIComponent(match[1]!);
    const contacts = held[accountId];
    return contacts ? { status: 200, body: { found: true, accountId, mobile: contacts.mobile ?? null, email: contacts.email ?? null } } : { status: 200, body: { found: false, accountId } };
  };
}

const settings = (overrides: Partial<SignedHttpConfig> = {}): SignedHttpConfig => ({ baseUrl: `${standin.url}/platform`, keyId: KEY_ID, secret: SECRET, timeoutSeconds: 1, ...overrides });

function directory(options: { cacheSeconds?: number; now?: () => number; config?: SignedHttpConfig } = {}) {
  return httpContactDirectory({ client: signedHttpClient('contact directory', options.config ?? settings()), cacheSeconds: options.cacheSeconds ?? 60, logger, now: options.now });
}

async function failure(read: () => Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await read();
  } catch (error) {
    expect(error).toBeInstanceOf(ApplicationFailure);
    return error as ApplicationFailure;
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  standin = await startSignedStandin({ keyId: KEY_ID, secret: SECRET, handle: (request) => handle(request) });
});
afterAll(async () => {
  await standin.stop();
});
beforeEach(() => {
  standin.calls.length = 0;
  standin.refusals.length = 0;
  handle = accounts({ [ACCOUNT]: { mobile: MOBILE, email: EMAIL } });
});

describe('the account contact directory over the signed HTTP contract (issue 20)', () => {
  it('R-G5: asks GET /v1/accounts/{accountId}/contacts, signed, and answers the holder\'s mobile number and e-mail address', async () => {
    const contacts = directory();
    expect(await contacts.mobileOf(ACCOUNT)).toBe(MOBILE);
    expect(await contacts.emailOf(ACCOUNT)).toBe(EMAIL);
    // The stand-in verified the signature (a refused one would be in refusals); a read: no body, no idempotency key.
    expect(standin.refusals).toEqual([]);
    expect(standin.calls).toHaveLength(1);
    expect(standin.calls[0]).toMatchObject({ method: 'GET', path: `/platform/v1/accounts/${ACCOUNT}/contacts`, body: '', idempotencyKey: undefined });
  });

  it('an account the service does not know, or one without a number or address, answers null (the sender then refuses the notice)', async () => {
    handle = accounts({ acc_no_phone: { email: EMAIL } });
    const contacts = directory();
    expect(await contacts.mobileOf('acc_unknown')).toBeNull();
    expect(await contacts.emailOf('acc_unknown')).toBeNull();
    expect(await contacts.mobileOf('acc_no_phone')).toBeNull();
    expect(await contacts.emailOf('acc_no_phone')).toBe(EMAIL);
  });

  it('keeps an account\'s contacts for cacheSeconds at most, reads of one account at once share a request, and 0 asks every time', async () => {
    let clock = 1_000_000;
    const cached = directory({ cacheSeconds: 30, now: () => clock });
    await Promise.all([cached.mobileOf(ACCOUNT), cached.emailOf(ACCOUNT), cached.mobileOf(ACCOUNT)]);
    expect(standin.calls).toHaveLength(1);
    clock += 29_000;
    expect(await cached.emailOf(ACCOUNT)).toBe(EMAIL);
    expect(standin.calls).toHaveLength(1);
    // A number changed at the platform is used after the cache time.
    handle = accounts({ [ACCOUNT]: { mobile: '13900000001', email: EMAIL } });
    clock += 2_000;
    expect(await cached.mobileOf(ACCOUNT)).toBe('13900000001');
    expect(standin.calls).toHaveLength(2);

    const uncached = directory({ cacheSeconds: 0 });
    await uncached.mobileOf(ACCOUNT);
    await uncached.emailOf(ACCOUNT);
    expect(standin.calls).toHaveLength(4);
  });

  it('R-G7: an unreachable, throttled, slow or failing service is retryable (DependencyUnavailable), and a failure is not cached', async () => {
    for (const reply of [{ status: 503 }, { status: 429, body: { error: { code: 'throttled', message: 'slow down' } } }, { status: 200, body: {}, delayMs: 1500 }] as StandinReply[]) {
      handle = () => reply;
      const failed = await failure(() => directory().mobileOf(ACCOUNT));
      expect({ status: reply.status, type: failed.type, nonRetryable: failed.nonRetryable }).toEqual({ status: reply.status, type: 'DependencyUnavailable', nonRetryable: false });
    }
    const refused = await failure(() => directory({ config: settings({ baseUrl: 'http://127.0.0.1:9/platform' }) }).mobileOf(ACCOUNT));
    expect(refused).toMatchObject({ type: 'DependencyUnavailable', nonRetryable: false });

    const contacts = directory();
    handle = () => ({ status: 503 });
    await failure(() => contacts.mobileOf(ACCOUNT));
    handle = accounts({ [ACCOUNT]: { mobile: MOBILE, email: EMAIL } });
    expect(await contacts.mobileOf(ACCOUNT)).toBe(MOBILE);
  });

  it('a refused signature, an answer not signed by the key, for another account, or not the contract\'s shape is not retried (ProviderRejected)', async () => {
    const wrongKey = await failure(() => directory({ config: settings({ secret: 'another-secret-another-secret-another-1' }) }).mobileOf(ACCOUNT));
    expect(wrongKey).toMatchObject({ type: 'ProviderRejected', nonRetryable: true });
    expect(standin.refusals).toEqual(['signature_invalid']);
    const answers: StandinReply[] = [
      { status: 200, body: { found: true, accountId: ACCOUNT, mobile: MOBILE, email: EMAIL }, sign: false },
      { status: 200, body: { found: true, accountId: ACCOUNT, mobile: MOBILE, email: EMAIL }, sign: 'other-nonce' },
      { status: 200, body: { found: true, accountId: 'acc_someone_else', mobile: MOBILE, email: EMAIL } },
      { status: 200, body: { accountId: ACCOUNT, mobile: MOBILE } },
      { status: 200, body: { found: true, accountId: ACCOUNT, mobile: 13987654321, email: EMAIL } },
      { status: 200, raw: '{"found": tr' },
      contractError(403, 'key_not_allowed'),
    ];
    for (const reply of answers) {
      handle = () => reply;
      const failed = await failure(() => directory().emailOf(ACCOUNT));
      expect({ reply, type: failed.type, nonRetryable: failed.nonRetryable }).toEqual({ reply, type: 'ProviderRejected', nonRetryable: true });
    }
    // An id the contract does not take never reaches the service.
    const calls = standin.calls.length;
    await expect(directory().mobileOf('../admin')).rejects.toMatchObject({ type: 'InvalidActivityInput', nonRetryable: true });
    expect(standin.calls).toHaveLength(calls);
  });

  it('personal data: logs show the contacts masked only, and no failure message carries them', async () => {
    logLines.length = 0;
    await directory().mobileOf(ACCOUNT);
    const messages: string[] = [];
    handle = () => ({ status: 200, body: { found: true, accountId: 'acc_other', mobile: MOBILE, email: EMAIL } });
    messages.push((await failure(() => directory().mobileOf(ACCOUNT))).message);
    handle = () => ({ status: 422, body: { error: { code: 'invalid_request', message: `bad ${MOBILE} ${EMAIL}` } } });
    messages.push((await failure(() => directory().mobileOf(ACCOUNT))).message);
    const written = [...logLines, ...messages].join('\n');
    for (const secret of [MOBILE, MOBILE.replace(/\D/g, ''), '13987654321', EMAIL, 'zhang.directory']) expect(written).not.toContain(secret);
    expect(logLines.join('\n')).toContain('"mobileMasked":"139******21"');
    expect(logLines.join('\n')).toContain('"emailMasked":"z***@example.cn"');
    // The logger censors a contact logged by mistake under its own name.
    logLines.length = 0;
    logger.info({ mobile: MOBILE, email: EMAIL, contacts: { mobile: MOBILE, email: EMAIL } }, 'a mistake');
    expect(logLines.join('\n')).not.toContain(EMAIL);
    expect(logLines.join('\n')).not.toContain(MOBILE);
  });

  it('masks numbers and addresses for logs; the sandbox directory knows nobody', async () => {
    expect(maskMobile('+86 139-8765-4321')).toBe('139******21');
    expect(maskMobile('13987654321')).toBe('139******21');
    expect(maskMobile('12345')).toBe('*****');
    expect(maskMobile(null)).toBeNull();
    expect(maskEmail('li@example.cn')).toBe('l***@example.cn');
    expect(maskEmail('not-an-address')).toBe('***');
    expect(maskEmail(null)).toBeNull();
    expect(await sandboxContactDirectory.mobileOf(ACCOUNT)).toBeNull();
    expect(await sandboxContactDirectory.emailOf(ACCOUNT)).toBeNull();
  });
});
