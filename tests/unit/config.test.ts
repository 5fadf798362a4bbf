import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, DEFAULT_TOKEN_LIFETIME_HOURS, DURATION_BOUNDS, loadConfig, type Config } from '../../config';
import { durationMs } from '../../workflows/duration';
import { SANDBOX_PAYLOAD_KEYS } from '../../codec/key-ring';
import { PRODUCTION_SECRET_NAMES, PROVIDER_VARIABLES, productionEnv } from '../support/production-env';

/** The problems loadConfig refuses an environment with (its one ConfigError), or [] when it accepts it. */
function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** The message must never carry a secret: check every value of the environment. */
function expectNoValueEchoed(env: Record<string, string | undefined>): void {
  let message = '';
  try {
    loadConfig(env);
  } catch (error) {
    message = (error as Error).message;
  }
  expect(message).not.toBe('');
  for (const [name, value] of Object.entries(env)) {
    if (name !== 'SANDBOX' && value && value.length >= 8) expect({ name, echoed: message.includes(value) }).toEqual({ name, echoed: false });
  }
}

describe('secrets outside sandbox mode (finding 3)', () => {
  it('accepts a production environment whose secrets are all set, long and distinct', () => {
    const env = productionEnv();
    const config = loadConfig(env);
    expect(config.sandbox).toBe(false);
    expect(config.auth.jwtSecret).toBe(env.JWT_SECRET);
    expect(config.identityHashSecret).toBe(env.IDENTITY_HASH_SECRET);
    expect(config.webhookSecrets).toEqual({
      wechat: env.WEBHOOK_SECRET_WECHAT,
      qq: env.WEBHOOK_SECRET_QQ,
      face: env.WEBHOOK_SECRET_FACE,
      payment: env.WEBHOOK_SECRET_PAYMENT,
      bank: env.WEBHOOK_SECRET_BANK,
    });
    expect(config.payloadKeys.map((key) => key.id)).toEqual(['prod1']);
  });

  it.each(PRODUCTION_SECRET_NAMES)('refuses to start without %s, naming it', (name) => {
    const env = { ...productionEnv(), [name]: undefined };
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} (is required|must be set) outside sandbox mode`));
    // An empty value (what `${VAR:-}` passes in compose) counts as missing.
    expect(problemsOf({ ...env, [name]: '' })).toEqual(problems);
  });

  it('lists every missing secret in one error instead of stopping at the first', () => {
    const problems = problemsOf({ SANDBOX: 'false' });
    for (const name of PRODUCTION_SECRET_NAMES) expect(problems.filter((problem) => problem.startsWith(`${name} `))).toHaveLength(1);
    // Issue 20: and, in the same list, every external system's adapter variable.
    for (const name of PROVIDER_VARIABLES) expect(problems.filter((problem) => problem.startsWith(`${name} `))).toHaveLength(1);
    // R-E5: and the account recharges are paid into.
    expect(problems.filter((problem) => problem.startsWith('RECHARGE_PAYEE_ACCOUNT '))).toHaveLength(1);
    expect(problems).toHaveLength(PRODUCTION_SECRET_NAMES.length + PROVIDER_VARIABLES.length + 1);
    expect(() => loadConfig({ SANDBOX: 'false' })).toThrow(['configuration refused:', ...problems.map((problem) => `  - ${problem}`)].join('\n'));
  });

  it('refuses a secret shorter than 32 characters, without echoing it', () => {
    const env = { ...productionEnv(), JWT_SECRET: 'x', WEBHOOK_SECRET_BANK: 'b'.repeat(31) };
    expect(problemsOf(env)).toEqual([
      'WEBHOOK_SECRET_BANK must be at least 32 characters (openssl rand -hex 32)',
      'JWT_SECRET must be at least 32 characters (openssl rand -hex 32)',
    ]);
    expect(problemsOf({ ...env, JWT_SECRET: 'j'.repeat(32), WEBHOOK_SECRET_BANK: 'b'.repeat(32) })).toEqual([]);
    expectNoValueEchoed(env);
  });

  // With Tencent FaceID the face webhook is not served (R-P10), so its secret opens nothing and is not asked for.
  it('does not require WEBHOOK_SECRET_FACE with FACE_PROVIDER=tencent, and still judges one that is set', () => {
    const tencent = { FACE_PROVIDER: 'tencent', TENCENT_FACEID_RULE_ID: '7', TENCENTCLOUD_SECRET_ID: 'AKIDsecrets', TENCENTCLOUD_SECRET_KEY: 'k'.repeat(32) };
    const env: Record<string, string> = { ...productionEnv(), ...tencent };
    expect(problemsOf({ ...env, WEBHOOK_SECRET_FACE: undefined })).toEqual([]);
    expect(problemsOf({ ...env, WEBHOOK_SECRET_FACE: '' })).toEqual([]);
    // Unset, it is a random value, never the published default a forged face webhook would be signed with.
    const unset = loadConfig({ ...env, WEBHOOK_SECRET_FACE: undefined }).webhookSecrets.face;
    expect(unset).not.toBe(loadConfig({}).webhookSecrets.face);
    expect(unset).toMatch(/^[0-9a-f]{64}$/);
    expect(problemsOf({ ...env, WEBHOOK_SECRET_FACE: loadConfig({}).webhookSecrets.face })).toEqual(['WEBHOOK_SECRET_FACE is a published sandbox default']);
    expect(problemsOf({ ...env, WEBHOOK_SECRET_FACE: env.JWT_SECRET! })).toEqual([
      'WEBHOOK_SECRET_FACE, JWT_SECRET hold the same value: every secret must be distinct',
    ]);
    // Any other face adapter serves the webhook, so the secret stays required.
    expect(problemsOf({ ...productionEnv(), WEBHOOK_SECRET_FACE: undefined })).toEqual(['WEBHOOK_SECRET_FACE is required outside sandbox mode']);
  });

  it('refuses two secrets holding the same value, naming both and neither value', () => {
    const env = productionEnv();
    const shared = { ...env, IDENTITY_HASH_SECRET: env.JWT_SECRET!, WEBHOOK_SECRET_QQ: env.WEBHOOK_SECRET_WECHAT! };
    expect(problemsOf(shared)).toEqual([
      'WEBHOOK_SECRET_WECHAT, WEBHOOK_SECRET_QQ hold the same value: every secret must be distinct',
      'JWT_SECRET, IDENTITY_HASH_SECRET hold the same value: every secret must be distinct',
    ]);
    expectNoValueEchoed(shared);
  });

  it('counts METRICS_TOKEN and the payload keys among the secrets that must be distinct', () => {
    const env = productionEnv();
    expect(problemsOf({ ...env, METRICS_TOKEN: env.WEBHOOK_SECRET_FACE! })).toEqual([
      'WEBHOOK_SECRET_FACE, METRICS_TOKEN hold the same value: every secret must be distinct',
    ]);
    const key = randomBytes(32).toString('base64');
    expect(problemsOf({ ...env, WEBHOOK_SECRET_PAYMENT: key, PAYLOAD_KEYS: `k2:${key}` })).toEqual([
      'WEBHOOK_SECRET_PAYMENT, PAYLOAD_KEYS (key "k2") hold the same value: every secret must be distinct',
    ]);
    expect(problemsOf({ ...env, PAYLOAD_KEYS: `k2:${key},k1:${key}` })).toEqual([
      'PAYLOAD_KEYS (key "k2"), PAYLOAD_KEYS (key "k1") hold the same value: every secret must be distinct',
    ]);
    expect(problemsOf({ ...env, METRICS_TOKEN: 'm'.repeat(40) })).toEqual([]);
  });

  it('refuses the published sandbox and dev defaults, even long enough or in another variable', () => {
    const sandboxDefaults = loadConfig({});
    const env = {
      ...productionEnv(),
      WEBHOOK_SECRET_WECHAT: sandboxDefaults.webhookSecrets.wechat,
      WEBHOOK_SECRET_PAYMENT: sandboxDefaults.webhookSecrets.qq,
      JWT_SECRET: sandboxDefaults.auth.jwtSecret,
      PAYLOAD_KEYS: SANDBOX_PAYLOAD_KEYS,
    };
    expect(problemsOf(env)).toEqual([
      'PAYLOAD_KEYS must not contain the published sandbox key outside sandbox mode',
      'WEBHOOK_SECRET_WECHAT is a published sandbox default',
      'WEBHOOK_SECRET_PAYMENT is a published sandbox default',
      'JWT_SECRET is a published sandbox default',
    ]);
  });

  it('keeps the sandbox defaults in sandbox mode, for npm start and the tests', () => {
    const config = loadConfig({});
    expect(config.sandbox).toBe(true);
    expect(config.webhookSecrets.wechat).toBe('sandbox-wechat-secret');
    expect(config.payloadKeys.map((key) => key.id)).toEqual(['sandbox']);
    expect(loadConfig({ JWT_SECRET: 'short' }).auth.jwtSecret).toBe('short');
  });

  it('still refuses a METRICS_TOKEN under 32 characters in sandbox mode', () => {
    expect(problemsOf({ METRICS_TOKEN: 'too-short' })).toEqual(['METRICS_TOKEN must be at least 32 characters (openssl rand -hex 32)']);
  });
});

describe('token lifetime and webhook tolerance bounds (finding 8)', () => {
  it('defaults the maximum bearer-token lifetime to 30 days and takes a shorter one', () => {
    expect(DEFAULT_TOKEN_LIFETIME_HOURS).toBe(720);
    expect(loadConfig({}).auth.maxTokenLifetimeSeconds).toBe(720 * 3600);
    expect(loadConfig({ JWT_MAX_LIFETIME_HOURS: '12' }).auth.maxTokenLifetimeSeconds).toBe(12 * 3600);
  });

  // Issue 19: the hosted page's link works an hour unless set, from 5 minutes to a day.
  it('takes VERIFICATION_SESSION_MINUTES for the hosted page, an hour when unset', () => {
    expect(loadConfig({}).api.sessionLifetimeSeconds).toBe(3600);
    expect(loadConfig({ VERIFICATION_SESSION_MINUTES: '5' }).api.sessionLifetimeSeconds).toBe(300);
    expect(loadConfig({ VERIFICATION_SESSION_MINUTES: '1440' }).api.sessionLifetimeSeconds).toBe(86_400);
  });

  it.each(['4', '1441', '0', '1.5', 'a day'])('refuses VERIFICATION_SESSION_MINUTES=%s', (value) => {
    expect(problemsOf({ VERIFICATION_SESSION_MINUTES: value })).toEqual([`VERIFICATION_SESSION_MINUTES must be an integer from 5 to 1440, got "${value}"`]);
  });

  it.each(['0', '721', '175200', '1.5', '-1', 'forever'])('refuses JWT_MAX_LIFETIME_HOURS=%s', (value) => {
    expect(problemsOf({ JWT_MAX_LIFETIME_HOURS: value })).toEqual([`JWT_MAX_LIFETIME_HOURS must be an integer from 1 to 720, got "${value}"`]);
  });

  it('bounds WEBHOOK_TOLERANCE_SECONDS to 1..900', () => {
    expect(loadConfig({}).webhookToleranceSeconds).toBe(300);
    expect(loadConfig({ WEBHOOK_TOLERANCE_SECONDS: '1' }).webhookToleranceSeconds).toBe(1);
    expect(loadConfig({ WEBHOOK_TOLERANCE_SECONDS: '900' }).webhookToleranceSeconds).toBe(900);
    for (const value of ['0', '901', '31536000', '-5']) {
      expect(problemsOf({ WEBHOOK_TOLERANCE_SECONDS: value })).toEqual([`WEBHOOK_TOLERANCE_SECONDS must be an integer from 1 to 900, got "${value}"`]);
    }
  });

  it('reports bound and secret problems together in one error', () => {
    const problems = problemsOf({ ...productionEnv(), WEBHOOK_TOLERANCE_SECONDS: '86400', JWT_SECRET: undefined });
    expect(problems).toEqual([
      'WEBHOOK_TOLERANCE_SECONDS must be an integer from 1 to 900, got "86400"',
      'JWT_SECRET is required outside sandbox mode',
    ]);
  });
});

describe('sandbox mode is asked for, never fallen into (security finding 3)', () => {
  it('security finding 3: SANDBOX unset or empty is sandbox (npm start, the tests), true and false in any case are taken', () => {
    expect(loadConfig({}).sandbox).toBe(true);
    expect(loadConfig({ SANDBOX: '' }).sandbox).toBe(true);
    expect(loadConfig({ SANDBOX: 'true' }).sandbox).toBe(true);
    expect(loadConfig({ SANDBOX: 'TRUE' }).sandbox).toBe(true);
    expect(loadConfig({ ...productionEnv(), SANDBOX: 'false' }).sandbox).toBe(false);
    expect(loadConfig({ ...productionEnv(), SANDBOX: 'False' }).sandbox).toBe(false);
  });

  it.each(['0', '1', 'no', 'off', 'yes', 'production', 'fals'])(
    'security finding 3: refuses SANDBOX=%s, naming SANDBOX, instead of choosing sandbox mode',
    (value) => {
      const problems = problemsOf({ ...productionEnv(), SANDBOX: value });
      expect(problems).toEqual([`SANDBOX must be "true" or "false", got "${value}"`]);
    },
  );

  it('security finding 3: a refused SANDBOX value reads as production meanwhile: its missing secrets are reported with it', () => {
    const problems = problemsOf({ SANDBOX: 'off' });
    expect(problems[0]).toBe('SANDBOX must be "true" or "false", got "off"');
    expect(problems).toContain('JWT_SECRET is required outside sandbox mode');
  });

  it('security finding 3: refuses sandbox mode under NODE_ENV=production unless ALLOW_SANDBOX_IN_PRODUCTION=true', () => {
    const refusal = 'SANDBOX is true (or unset) with NODE_ENV=production: set SANDBOX=false, or ALLOW_SANDBOX_IN_PRODUCTION=true for a trial on sandbox providers';
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([refusal]);
    expect(problemsOf({ NODE_ENV: 'production', SANDBOX: 'true' })).toEqual([refusal]);
    expect(problemsOf({ NODE_ENV: 'production', SANDBOX: 'true', ALLOW_SANDBOX_IN_PRODUCTION: 'false' })).toEqual([refusal]);
    expect(loadConfig({ NODE_ENV: 'production', SANDBOX: 'true', ALLOW_SANDBOX_IN_PRODUCTION: 'true' }).sandbox).toBe(true);
    expect(problemsOf({ NODE_ENV: 'production', ALLOW_SANDBOX_IN_PRODUCTION: 'yes' })).toEqual([
      'ALLOW_SANDBOX_IN_PRODUCTION must be "true" or "false", got "yes"',
      refusal,
    ]);
    // Production itself needs no permission.
    expect(loadConfig({ ...productionEnv(), NODE_ENV: 'production' }).sandbox).toBe(false);
  });
});

describe('the account recharges are paid into (R-E5)', () => {
  const REQUIRED = "RECHARGE_PAYEE_ACCOUNT is required outside sandbox mode: the platform's bank account enterprises pay the recharge into (R-E5)";
  const SHAPE = 'RECHARGE_PAYEE_ACCOUNT must be a bank account number: 8 to 32 digits, in groups split by single spaces or dashes (R-E5)';

  it('R-E5: sandbox mode defaults RECHARGE_PAYEE_ACCOUNT to the sandbox account, and takes one that is set', () => {
    expect(loadConfig({}).rechargePayeeAccount).toBe('sandbox-payee-6222000000000000');
    expect(loadConfig({ RECHARGE_PAYEE_ACCOUNT: '' }).rechargePayeeAccount).toBe('sandbox-payee-6222000000000000');
    expect(loadConfig({ RECHARGE_PAYEE_ACCOUNT: '6222 0210 0123 4567 890' }).rechargePayeeAccount).toBe('6222 0210 0123 4567 890');
  });

  it('R-E5: outside sandbox mode RECHARGE_PAYEE_ACCOUNT is required, unset, empty or blank, naming it', () => {
    for (const value of [undefined, '', '   ']) {
      expect({ value, problems: problemsOf({ ...productionEnv(), RECHARGE_PAYEE_ACCOUNT: value }) }).toEqual({ value, problems: [REQUIRED] });
    }
  });

  it('R-E5: outside sandbox mode the configured account is the one taken, trimmed and grouped as written', () => {
    expect(loadConfig(productionEnv()).rechargePayeeAccount).toBe('1100 2233 4455 6677 889');
    expect(loadConfig({ ...productionEnv(), RECHARGE_PAYEE_ACCOUNT: ' 3502-0188-0000-0001-234 ' }).rechargePayeeAccount).toBe('3502-0188-0000-0001-234');
    expect(loadConfig({ ...productionEnv(), RECHARGE_PAYEE_ACCOUNT: '12345678' }).rechargePayeeAccount).toBe('12345678');
    expect(loadConfig({ ...productionEnv(), RECHARGE_PAYEE_ACCOUNT: '1'.repeat(32) }).rechargePayeeAccount).toBe('1'.repeat(32));
  });

  it.each([
    ['the sandbox account', 'sandbox-payee-6222000000000000'],
    ['too few digits', '1234567'],
    ['too many digits', '1'.repeat(33)],
    ['a letter', '6222O21001234567'],
    ['two spaces between groups', '6222  0210 0123'],
    ['a separator at the end', '6222 0210 0123-'],
    ['a dot', '6222.0210.0123.4567'],
    ['full-width digits', '６２２２０２１００１２３４５６７'],
  ])('R-E5: refuses RECHARGE_PAYEE_ACCOUNT of %s, naming the variable and not the value', (_what, value) => {
    expect(problemsOf({ ...productionEnv(), RECHARGE_PAYEE_ACCOUNT: value })).toEqual([SHAPE]);
    // Sandbox mode judges a value that is set alike.
    expect(problemsOf({ RECHARGE_PAYEE_ACCOUNT: value })).toEqual([SHAPE]);
    expectNoValueEchoed({ ...productionEnv(), RECHARGE_PAYEE_ACCOUNT: value });
  });

  it('R-E5: outside sandbox mode the sandbox account\'s own number is refused, in any grouping; sandbox mode takes it', () => {
    for (const value of ['6222000000000000', '6222 0000 0000 0000']) {
      expect(problemsOf({ ...productionEnv(), RECHARGE_PAYEE_ACCOUNT: value })).toEqual(["RECHARGE_PAYEE_ACCOUNT is the sandbox account's number, refused outside sandbox mode (R-E5)"]);
    }
    expect(loadConfig({ RECHARGE_PAYEE_ACCOUNT: '6222000000000000' }).rechargePayeeAccount).toBe('6222000000000000');
  });
});

describe('the review final deadline (R-G7)', () => {
  it('R-G7: REVIEW_EXPIRY_BUSINESS_DAYS defaults to 10 business days and takes another', () => {
    expect(loadConfig({}).review).toMatchObject({ slaBusinessDays: 2, expiryBusinessDays: 10 });
    expect(loadConfig({ REVIEW_EXPIRY_BUSINESS_DAYS: '' }).review.expiryBusinessDays).toBe(10);
    expect(loadConfig({ REVIEW_EXPIRY_BUSINESS_DAYS: '15' }).review.expiryBusinessDays).toBe(15);
    expect(loadConfig({ REVIEW_EXPIRY_BUSINESS_DAYS: '250' }).review.expiryBusinessDays).toBe(250);
  });

  it.each(['0', '251', '1.5', '-1', 'never'])('R-G7: refuses REVIEW_EXPIRY_BUSINESS_DAYS=%s, naming it', (value) => {
    expect(problemsOf({ REVIEW_EXPIRY_BUSINESS_DAYS: value })).toEqual([`REVIEW_EXPIRY_BUSINESS_DAYS must be an integer from 1 to 250, got "${value}"`]);
  });

  it('R-G7: refuses a final deadline at or before either review SLA, since a review expires only once escalated', () => {
    expect(problemsOf({ REVIEW_EXPIRY_BUSINESS_DAYS: '2' })).toEqual([
      'REVIEW_EXPIRY_BUSINESS_DAYS (2) must be greater than REVIEW_SLA_BUSINESS_DAYS (2): a review expires only after it was escalated',
    ]);
    expect(problemsOf({ REVIEW_EXPIRY_BUSINESS_DAYS: '3', CHANGE_REVIEW_SLA_BUSINESS_DAYS: '5' })).toEqual([
      'REVIEW_EXPIRY_BUSINESS_DAYS (3) must be greater than CHANGE_REVIEW_SLA_BUSINESS_DAYS (5): a review expires only after it was escalated',
    ]);
    // The default, against longer SLAs.
    expect(problemsOf({ REVIEW_SLA_BUSINESS_DAYS: '10', CHANGE_REVIEW_SLA_BUSINESS_DAYS: '12' })).toEqual([
      'REVIEW_EXPIRY_BUSINESS_DAYS (10) must be greater than REVIEW_SLA_BUSINESS_DAYS (10): a review expires only after it was escalated',
      'REVIEW_EXPIRY_BUSINESS_DAYS (10) must be greater than CHANGE_REVIEW_SLA_BUSINESS_DAYS (12): a review expires only after it was escalated',
    ]);
    expect(loadConfig({ REVIEW_EXPIRY_BUSINESS_DAYS: '3', REVIEW_SLA_BUSINESS_DAYS: '2', CHANGE_REVIEW_SLA_BUSINESS_DAYS: '1' }).review.expiryBusinessDays).toBe(3);
  });
});

describe('the business-day calendar (R-G6)', () => {
  const calendarFile = (content: unknown): string => {
    const path = join(mkdtempSync(join(tmpdir(), 'calendar-config-')), 'calendar.json');
    writeFileSync(path, JSON.stringify(content));
    return path;
  };

  it('R-G6: defaults to the published schedule of chinese-days, no extension, reaching the end of its last year', () => {
    const { calendar } = loadConfig({});
    expect(calendar.library).toMatchObject({ name: 'chinese-days', lastYear: 2026 });
    expect(calendar.extension).toBeNull();
    expect(calendar.coveredThrough).toBe('2026-12-31');
    expect(calendar.calendar.holidays).toContain('2026-02-16');
    expect(calendar.calendar.extraWorkingDays).toContain('2026-02-14');
  });

  it('R-G6: BUSINESS_CALENDAR_FILE, HOLIDAYS and EXTRA_WORKING_DAYS extend it together, and the extension covers the years it declares complete', () => {
    const file = calendarFile({ source: 'State Council notice for 2027', holidays: ['2027-01-01', '2027-02-05'], extraWorkingDays: ['2027-02-20'], completeYears: [2027] });
    const { calendar } = loadConfig({ BUSINESS_CALENDAR_FILE: file, HOLIDAYS: '2027-02-08, 2027-02-09', EXTRA_WORKING_DAYS: '' });
    expect(calendar.extension).toEqual({
      origins: [`BUSINESS_CALENDAR_FILE (${file})`, 'HOLIDAYS', 'EXTRA_WORKING_DAYS'],
      note: 'State Council notice for 2027',
      holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09'],
      extraWorkingDays: ['2027-02-20'],
      years: [2027],
      completeYears: [2027],
    });
    expect(calendar.coveredThrough).toBe('2027-12-31');
    // Without completeYears the same days are corrections over 2027's provisional ones, and the reach stays.
    expect(loadConfig({ HOLIDAYS: '2027-01-01,2027-02-05' }).calendar.coveredThrough).toBe('2026-12-31');
    // An empty BUSINESS_CALENDAR_FILE (what `${VAR:-}` passes in compose) is unset.
    expect(loadConfig({ BUSINESS_CALENDAR_FILE: '' }).calendar.extension).toBeNull();
  });

  it('R-G6: refuses malformed dates and a day both holiday and working day, in the one ConfigError with every other problem', () => {
    expect(problemsOf({ HOLIDAYS: '2027-01-01,2027-13-01', EXTRA_WORKING_DAYS: '2027-01-01', REVIEW_EXPIRY_BUSINESS_DAYS: '0' })).toEqual([
      'REVIEW_EXPIRY_BUSINESS_DAYS must be an integer from 1 to 250, got "0"',
      'HOLIDAYS: the list has "2027-13-01", not a real YYYY-MM-DD date',
      '2027-01-01 is listed both as holiday (HOLIDAYS) and as extra working day (EXTRA_WORKING_DAYS): it must be one or the other',
    ]);
  });

  it('R-G6: refuses a BUSINESS_CALENDAR_FILE that cannot be read or is not the expected JSON, naming the variable and the path', () => {
    expect(problemsOf({ BUSINESS_CALENDAR_FILE: '/nonexistent/holidays.json' })).toEqual(['BUSINESS_CALENDAR_FILE (/nonexistent/holidays.json) cannot be read: ENOENT']);
    const file = calendarFile({ holiday: ['2027-01-01'] });
    expect(problemsOf({ BUSINESS_CALENDAR_FILE: file })).toEqual([`BUSINESS_CALENDAR_FILE (${file}) has unknown keys "holiday": only "holidays", "extraWorkingDays", "completeYears" and "source"`]);
  });
});

describe('durations are read at start-up with the workflows\' parser (R-G7, R-G2)', () => {
  /** Every duration variable, its default, and where loadConfig puts it (what the API copies into workflow inputs). */
  const DURATIONS: ReadonlyArray<readonly [name: string, fallback: string, read: (config: Config) => string]> = [
    ['QR_VALIDITY', '10 minutes', (config) => config.durations.qrValidity],
    ['INDIVIDUAL_ABANDONMENT', '24 hours', (config) => config.durations.individualAbandonment],
    ['QQ_BANK_CARD_DEADLINE', '30 minutes', (config) => config.durations.qqBankCardDeadline],
    ['RECHARGE_WINDOW', '7 days', (config) => config.durations.rechargeWindow],
    ['REMITTANCE_AMOUNT_WINDOW', '7 days', (config) => config.durations.remittanceAmountWindow],
    ['PAYOUT_DELIVERY_DEADLINE', '10 days', (config) => config.durations.payoutDeliveryDeadline],
    ['RESUBMISSION_DEADLINE', '7 days', (config) => config.durations.resubmissionDeadline],
    ['ENTERPRISE_ABANDONMENT', '7 days', (config) => config.durations.enterpriseAbandonment],
    ['ENTITY_CHANGE_VALIDITY', '7 days', (config) => config.changes.entityValidity],
  ];
  const NAMES = DURATIONS.map(([name]) => name);

  it('R-G7: every duration default loads, unset or empty, and each one is a wait the workflows can read', () => {
    for (const config of [loadConfig({}), loadConfig(Object.fromEntries(NAMES.map((name) => [name, ''])))]) {
      for (const [name, fallback, read] of DURATIONS) {
        expect({ name, value: read(config) }).toEqual({ name, value: fallback });
        expect(durationMs(read(config))).toBeGreaterThanOrEqual(durationMs(DURATION_BOUNDS.min));
      }
    }
  });

  it.each(NAMES)('R-G7: %s takes a custom duration, trimmed, and it reaches the config as the workflow will read it', (name) => {
    const read = DURATIONS.find(([candidate]) => candidate === name)![2];
    for (const [value, millis] of [['2 days', 2 * 86_400_000], ['90 minutes', 90 * 60_000], [' 1.5h ', 5_400_000], ['15 seconds', 15_000], ['1 year', durationMs('1 year')]] as const) {
      const config = loadConfig({ [name]: value });
      expect(read(config)).toBe(value.trim());
      expect(durationMs(read(config))).toBe(millis);
    }
  });

  it.each(NAMES)('R-G7: %s refuses garbage, a negative, a zero, a bare number and a wait past the bounds, naming the variable and the value', (name) => {
    for (const value of ['24 hrz', 'seven days', '7 days later', '10 minutes 5 seconds', 'P7D', 'x'.repeat(120)]) {
      expect(problemsOf({ [name]: value })).toEqual([`${name} must be a duration, a number and a unit such as "90 minutes", "24 hours" or "7 days", got "${value}"`]);
    }
    // A bare number is milliseconds to Temporal: refused, so 600 is never taken for ten minutes.
    for (const value of ['600', '86400000']) {
      expect(problemsOf({ [name]: value })).toEqual([`${name} must be a duration, a number and a unit such as "90 minutes", "24 hours" or "7 days", got "${value}"`]);
    }
    for (const value of ['-10 minutes', '0 days', '0s', '999 ms', '2 years', '400 days']) {
      expect(problemsOf({ [name]: value })).toEqual([`${name} must be from 1 second to 1 year, got "${value}"`]);
    }
  });

  it('R-G7: several bad durations, numbers and rate limits are all reported in the one ConfigError, none thrown alone', () => {
    const env = { INDIVIDUAL_ABANDONMENT: '24 hrz', QR_VALIDITY: '-10 minutes', RECHARGE_WINDOW: 'seven days', ENTITY_CHANGE_VALIDITY: '0 days', PORT: 'abc', FACE_MAX_TRIES: '-1', RATE_LIMIT_UPLOADS_PER_MINUTE: '0' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(problemsOf(env)).toEqual([
      'PORT must be an integer from 1 to 65535, got "abc"',
      'FACE_MAX_TRIES must be an integer of at least 1, got "-1"',
      'RATE_LIMIT_UPLOADS_PER_MINUTE must be an integer of at least 1, got "0"',
      'QR_VALIDITY must be from 1 second to 1 year, got "-10 minutes"',
      'INDIVIDUAL_ABANDONMENT must be a duration, a number and a unit such as "90 minutes", "24 hours" or "7 days", got "24 hrz"',
      'RECHARGE_WINDOW must be a duration, a number and a unit such as "90 minutes", "24 hours" or "7 days", got "seven days"',
      'ENTITY_CHANGE_VALIDITY must be from 1 second to 1 year, got "0 days"',
    ]);
  });

  it('R-G7: whatever duration loadConfig accepts, durationMs reads within the bounds, so no workflow task throws on a loaded value', () => {
    const numbers = ['0', '1', '-1', '.5', '1.5', '007', '10', '60', '1e3', '', ' '];
    const units = ['', 'ms', 's', 'sec', 'seconds', 'm', 'Min', 'minutes', 'h', 'hrs', 'hrz', 'HOURS', 'd', 'day', 'Days', 'w', 'weeks', 'y', 'years', 'mo', 'months', 'µs'];
    const separators = ['', ' ', '  ', '\t', '-'];
    let accepted = 0;
    for (const number of numbers) {
      for (const separator of separators) {
        for (const unit of units) {
          const value = `${number}${separator}${unit}`;
          const env = Object.fromEntries(NAMES.map((name) => [name, value]));
          const problems = problemsOf(env);
          // One value is judged alike under every name: all nine refused, or none.
          if (problems.length > 0) {
            expect(problems.map((problem) => problem.split(' ')[0])).toEqual(NAMES);
            continue;
          }
          accepted += 1;
          const config = loadConfig(env);
          for (const [, , read] of DURATIONS) {
            expect(() => durationMs(read(config))).not.toThrow();
            expect(durationMs(read(config))).toBeGreaterThanOrEqual(durationMs(DURATION_BOUNDS.min));
            expect(durationMs(read(config))).toBeLessThanOrEqual(durationMs(DURATION_BOUNDS.max));
          }
        }
      }
    }
    expect(accepted).toBeGreaterThan(20); // the sample holds accepted values, not only refused ones
  });
});

describe('rate limits refuse nothing by being 0 (R-G7)', () => {
  const RATE_LIMITS = [
    ['RATE_LIMIT_STARTS_PER_MINUTE', (config: Config) => config.rateLimits.processStartsPerMinute],
    ['RATE_LIMIT_AMOUNT_ENTRIES_PER_MINUTE', (config: Config) => config.rateLimits.amountEntriesPerMinute],
    ['RATE_LIMIT_UPLOADS_PER_MINUTE', (config: Config) => config.rateLimits.uploadsPerMinute],
  ] as const;

  it.each(RATE_LIMITS)('R-G7: %s of 0 is refused (it would answer 429 to every request), 1 and more are taken', (name, read) => {
    for (const value of ['0', '-1', '1.5', 'ten']) {
      expect(problemsOf({ [name]: value })).toEqual([`${name} must be an integer of at least 1, got "${value}"`]);
    }
    expect(read(loadConfig({ [name]: '1' }))).toBe(1);
    expect(read(loadConfig({ [name]: '100000' }))).toBe(100_000);
  });

  it('R-G7: the rate limits keep their defaults', () => {
    expect(loadConfig({}).rateLimits).toEqual({ processStartsPerMinute: 10, amountEntriesPerMinute: 5, uploadsPerMinute: 10 });
  });
});

describe('limits, counts, sizes and timeouts are 1 or more (R-G7, R-P8, R-G2)', () => {
  const AT_LEAST_ONE = [
    'DATABASE_POOL_SIZE', 'DATABASE_CONNECTION_TIMEOUT_MS', 'WORKER_ACTIVITY_SLOTS', 'LIMIT_ACCOUNTS_PER_INDIVIDUAL', 'FACE_MAX_TRIES',
    'QR_MAX_CODES_PER_PROCESS', 'MAX_METHOD_CHOICES_PER_PROCESS', 'MAX_REVIEWS_PER_CHANGE', 'LIMIT_ACCOUNTS_PER_ENTERPRISE', 'RECHARGE_ATTEMPTS',
    'REMITTANCE_ATTEMPTS', 'UPLOAD_QUOTA_DOCUMENTS', 'UPLOAD_QUOTA_MB', 'UNREFERENCED_DOCUMENT_TTL_HOURS', 'DOCUMENT_SWEEP_INTERVAL_MINUTES',
    'MAX_JSON_BODY_BYTES', 'REVIEW_SLA_BUSINESS_DAYS', 'REVIEW_CLAIM_MINUTES', 'CHANGE_REVIEW_SLA_BUSINESS_DAYS', 'NOTICE_DELIVERY_INTERVAL_SECONDS',
  ];

  it.each(AT_LEAST_ONE)('R-G7: %s of 0 is refused, naming it (0 tries, 0 codes, a pool of none or no timeout would refuse everything or wait for ever)', (name) => {
    expect(problemsOf({ [name]: '0' })).toEqual([`${name} must be an integer of at least 1, got "0"`]);
    expect(problemsOf({ [name]: '1' })).toEqual([]);
  });

  it('R-G7: where 0 means none, 0 is taken; a port is 1 to 65535', () => {
    expect(problemsOf({ CHANGE_COOLDOWN_DAYS: '0', DATABASE_IDLE_TIMEOUT_MS: '0', SANDBOX_BANK_DELAY_MS: '0' })).toEqual([]);
    expect(problemsOf({ PORT: '0' })).toEqual(['PORT must be an integer from 1 to 65535, got "0"']);
    expect(problemsOf({ PORT: '65536' })).toEqual(['PORT must be an integer from 1 to 65535, got "65536"']);
    expect(loadConfig({ PORT: '8080' }).api.port).toBe(8080);
  });
});
