import { applicant } from '../support/people';
import { eventually, http, postWebhook, startSystem, uniqueId, type HttpResult, type RunningSystem } from '../support/system';

// Issue 18: holders read Chinese by default and English on Accept-Language: en,
// from one catalogue (domain/texts.ts); problem types, rule ids and field names
// are the same in both. Over HTTP, with the real worker writing the notices.

/** A request with exactly these headers: `http` asks for English unless told otherwise, this sends no Accept-Language at all. */
async function bare(system: RunningSystem, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  const response = await fetch(`${system.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

async function newAccount(system: RunningSystem) {
  const created = await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Languages' } });
  expect(created.status).toBe(201);
  return { accountId: created.body.id as string, token: await system.holderToken(created.body.id) };
}

/** Starts a WeChat verification and drives it to its outcome; returns the process id. */
async function verify(system: RunningSystem, accountId: string, token: string): Promise<string> {
  const person = applicant();
  const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
  expect(started.status).toBe(201);
  const { processId, qrCode } = started.body;
  await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket });
  await postWebhook(system, 'wechat', {
    eventId: uniqueId('evt'),
    type: 'authorized',
    ticket: qrCode.ticket,
    realName: { name: person.name, documentNumber: person.documentNumber },
  });
  await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.status === 'verified');
  return processId as string;
}

async function noticesOf(system: RunningSystem, accountId: string, token: string, processId: string) {
  const inbox = await eventually(
    () => http(system, 'GET', `/v1/accounts/${accountId}/messages`, { token }),
    (r) => r.body.messages.some((m: { processId: string }) => m.processId === processId),
  );
  const outbox = await system.db.notification.findMany({ where: { processId }, orderBy: { channel: 'asc' } });
  return { entry: inbox.body.messages.find((m: { processId: string }) => m.processId === processId), outbox };
}

describe('holder texts in Chinese by default, English on request', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(async () => {
    await system.stop();
  });

  it('R-P2: a 400 validation problem is in Chinese without Accept-Language and in English with en; type, fields and rule ids are the same', async () => {
    const { accountId, token } = await newAccount(system);
    const body = { type: 'individual', method: 'wechat_qr', applicant: { ...applicant(), documentNumber: '11010519900307123' } };
    const path = `/v1/accounts/${accountId}/verifications`;
    const zh = await bare(system, 'POST', path, token, body);
    const zhCn = await bare(system, 'POST', path, token, body, { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    const en = await bare(system, 'POST', path, token, body, { 'accept-language': 'en-US,en;q=0.9,zh;q=0.1' });

    expect(zh.status).toBe(400);
    expect(en.status).toBe(400);
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(en.headers.get('content-language')).toBe('en');
    expect(zh.body).toMatchObject({
      type: 'https://realname.example/problems/validation',
      title: '请求无效',
      detail: 'applicant.documentNumber: 居民身份证号码为 18 位，填写的是 17 位。',
      errors: [{ field: 'applicant.documentNumber', rule: 'R-P2', message: '居民身份证号码为 18 位，填写的是 17 位。' }],
    });
    expect(zhCn.body).toEqual(zh.body);
    expect(en.body).toMatchObject({
      type: zh.body.type,
      title: 'The request is not valid',
      errors: [{ field: 'applicant.documentNumber', rule: 'R-P2', message: 'A mainland ID number has 18 characters; this one has 17.' }],
    });
    expect(en.body.errors.map((e: { field: string; rule?: string }) => [e.field, e.rule])).toEqual(zh.body.errors.map((e: { field: string; rule?: string }) => [e.field, e.rule]));
  });

  it('a schema problem (a required field missing) names the same field in both languages', async () => {
    const { accountId, token } = await newAccount(system);
    const body = { type: 'individual', method: 'wechat_qr', applicant: { ...applicant(), name: undefined } };
    const zh = await bare(system, 'POST', `/v1/accounts/${accountId}/verifications`, token, body);
    const en = await bare(system, 'POST', `/v1/accounts/${accountId}/verifications`, token, body, { 'accept-language': 'en' });
    expect(zh.status).toBe(400);
    const field = (r: HttpResult) => r.body.errors.map((e: { field: string }) => e.field);
    expect(field(zh)).toEqual(field(en));
    // R-P1: the shape error names the rule, as the rule's own checks do.
    expect(zh.body.errors).toContainEqual({ field: 'applicant.name', rule: 'R-P1', message: '必填' });
    expect(en.body.errors.find((e: { field: string }) => e.field === 'applicant.name').message).toMatch(/expected string/);
  });

  it("a 409 refusal a workflow raised (QrCodeInUse) is answered from the catalogue by its type: Chinese by default, the workflow's English on en", async () => {
    const { accountId, token } = await newAccount(system);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
    const { processId, qrCode } = started.body;
    await postWebhook(system, 'wechat', { eventId: uniqueId('evt'), type: 'scanned', ticket: qrCode.ticket });
    await eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.body.step === 'awaiting_authorization');

    const zh = await bare(system, 'POST', `/v1/processes/${processId}/qr-code`, token);
    const en = await bare(system, 'POST', `/v1/processes/${processId}/qr-code`, token, undefined, { 'accept-language': 'en;q=0.8, zh;q=0.5' });
    expect(zh.status).toBe(409);
    expect(en.status).toBe(409);
    expect(zh.body).toEqual({
      status: 409,
      type: 'https://realname.example/problems/qr-code-in-use',
      title: '当前二维码正在使用中',
      detail: '当前二维码正在使用中（awaiting_authorization），过期后才能更换',
    });
    expect(en.body).toEqual({
      status: 409,
      type: zh.body.type,
      title: 'The current code is in use',
      detail: 'the current code is in use (awaiting_authorization); it can be replaced once it expires',
    });
  });

  it('R-G2: the API\'s own 409 names the same process and rule in both languages', async () => {
    const { accountId, token } = await newAccount(system);
    const first = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
    const body = { type: 'individual', method: 'wechat_qr', applicant: applicant() };
    const zh = await bare(system, 'POST', `/v1/accounts/${accountId}/verifications`, token, body);
    expect(zh.status).toBe(409);
    expect(zh.body).toMatchObject({ title: '已有进行中的流程（R-G2）', rule: 'R-G2', openProcessId: first.body.processId });
    expect(zh.body.detail).toBe(`账号 ${accountId} 已有进行中的流程 ${first.body.processId}（R-G2）`);
    // In English its title is its type's too, not the generic "Conflict with the current state".
    const en = await bare(system, 'POST', `/v1/accounts/${accountId}/verifications`, token, body, { 'accept-language': 'en' });
    expect(en.body).toMatchObject({ type: zh.body.type, title: 'The account already has an open process (R-G2)', rule: 'R-G2', openProcessId: first.body.processId });
  });

  /** The same request without Accept-Language and with en: the problem's status and type are the same, only its words change. */
  async function bothLanguages(method: string, path: string, token: string, body?: unknown) {
    const zh = await bare(system, method, path, token, body);
    const en = await bare(system, method, path, token, body, { 'accept-language': 'en' });
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(en.headers.get('content-language')).toBe('en');
    expect([en.status, en.body.type]).toEqual([zh.status, zh.body.type]);
    return { zh: zh.body, en: en.body };
  }

  it('issue 18: refused tokens (none, not valid) are explained in Chinese by default and in English on en', async () => {
    const missing = await bothLanguages('GET', '/v1/accounts/acc_nobody', '');
    expect(missing.zh).toMatchObject({ status: 401, title: '需要登录认证', detail: '请发送 Authorization: Bearer <token>' });
    expect(missing.en).toMatchObject({ status: 401, title: 'Authentication required', detail: 'send Authorization: Bearer <token>' });
    const garbled = await bothLanguages('GET', '/v1/accounts/acc_nobody', 'not-a-token');
    expect(garbled.zh).toMatchObject({ status: 401, detail: '令牌无效' });
    expect(garbled.en).toMatchObject({ status: 401, detail: 'the token is not valid' });
  });

  it("issue 18: who may do what (an operator's action asked by a holder, a holder's by an operator) in both languages", async () => {
    const { accountId, token } = await newAccount(system);
    const operatorOnly = await bothLanguages('POST', '/v1/accounts', token, { id: uniqueId('acc'), displayName: 'not mine to make' });
    expect(operatorOnly.zh).toMatchObject({ status: 403, title: '无权进行此操作', detail: '此操作需要运营人员令牌' });
    expect(operatorOnly.en).toMatchObject({ status: 403, title: 'Not allowed', detail: 'this action needs an operator token' });
    const start = { type: 'individual', method: 'wechat_qr', applicant: applicant() };
    const holderOnly = await bothLanguages('POST', `/v1/accounts/${accountId}/verifications`, system.operatorToken, start);
    expect(holderOnly.zh).toMatchObject({ status: 403, detail: '只有账号持有人可以发起其认证' });
    expect(holderOnly.en).toMatchObject({ status: 403, detail: "only the account's holder starts its verification" });
  });

  it('issue 18: a request the process does not take (wrong kind, not in this step) is refused in both languages, naming the same process and step', async () => {
    const { accountId, token } = await newAccount(system);
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: applicant() } });
    const { processId } = started.body;
    const wrongKind = await bothLanguages('POST', `/v1/processes/${processId}/remittance-amount`, token, { amountFen: 12 });
    expect(wrongKind.zh).toMatchObject({ status: 409, detail: `流程 ${processId} 是 individual_verification，该请求适用于 enterprise_verification` });
    expect(wrongKind.en).toMatchObject({ status: 409, detail: `process ${processId} is a individual_verification; this request is for a enterprise_verification` });

    // A change of the entity in its review, as its read model shows it: it takes an amount or a method choice in other steps only.
    const { accountId: changing, token: changer } = await newAccount(system);
    const changeId = uniqueId('prc');
    await system.db.process.create({
      data: { id: changeId, accountId: changing, workflowId: `wf_${changeId}`, runId: 'run', kind: 'change', method: 'enterprise_entity', status: 'open', step: 'awaiting_review', deadlines: {} },
    });
    const amount = await bothLanguages('POST', `/v1/processes/${changeId}/remittance-amount`, changer, { amountFen: 12 });
    expect(amount.zh).toMatchObject({ status: 409, title: '当前无需填写打款金额', detail: '当前无需填写打款金额；流程处于 awaiting_review' });
    expect(amount.en).toMatchObject({ status: 409, title: 'No payout amount is awaited', detail: 'no payout amount is awaited; the process is in awaiting_review' });
    const method = await bothLanguages('POST', `/v1/processes/${changeId}/review-withdrawal`, changer);
    expect(method.zh).toMatchObject({ status: 409, type: 'https://realname.example/problems/not-in-this-step', detail: '当前步骤（awaiting_review）不接受该请求' });
    expect(method.en).toMatchObject({ status: 409, detail: 'this request is not taken in step awaiting_review' });
  });

  it('R-C1: a change within the cooldown is refused in both languages, with its own title, the same rule and allowedFrom', async () => {
    const { accountId, token } = await newAccount(system);
    await verify(system, accountId, token);
    const { verifiedAt } = await system.db.account.findUniqueOrThrow({ where: { id: accountId } });
    const allowedFrom = new Date(verifiedAt!.getTime() + 30 * 24 * 3600 * 1000).toISOString();
    const change = { kind: 'individual_to_individual', agreement: true, newIndividual: applicant() };
    const cooldown = await bothLanguages('POST', `/v1/accounts/${accountId}/changes`, token, change);
    expect(cooldown.zh).toEqual({
      status: 409,
      type: 'https://realname.example/problems/change-cooldown',
      title: '暂时还不能变更（R-C1）',
      detail: `距上次认证或变更满 30 天后才能变更，即从 ${allowedFrom} 起（R-C1）`,
      rule: 'R-C1',
      allowedFrom,
    });
    expect(cooldown.en).toEqual({
      ...cooldown.zh,
      title: 'Too soon for a change (R-C1)',
      detail: `a change is possible 30 days after the last verification or change, from ${allowedFrom} (R-C1)`,
    });
    expect(await system.db.process.count({ where: { accountId, kind: 'change' } })).toBe(0);
  });

  it('R-C2: a change the account cannot make (not verified as individual) is refused in both languages, naming the same rule', async () => {
    const { accountId, token } = await newAccount(system);
    const change = { kind: 'individual_to_individual', agreement: true, newIndividual: applicant() };
    const refused = await bothLanguages('POST', `/v1/accounts/${accountId}/changes`, token, change);
    expect(refused.zh).toMatchObject({ status: 409, title: '该账号不能进行这种变更', rule: 'R-C2', detail: expect.stringMatching(/^individual_to_individual 变更适用于 individual 账号；本账号为 \w+（R-C2）$/) });
    expect(refused.en).toMatchObject({ status: 409, title: 'This change is not possible for the account', rule: 'R-C2', detail: expect.stringMatching(/^a individual_to_individual change is for individual accounts; this account is \w+ \(R-C2\)$/) });
  });

  it('R-G5: the notices of an outcome are written in Chinese, the holders\' language by default: the message-centre entry and every outbox row', async () => {
    const { accountId, token } = await newAccount(system);
    const processId = await verify(system, accountId, token);
    const { entry, outbox } = await noticesOf(system, accountId, token, processId);
    expect(entry).toMatchObject({ title: '实名认证成功', body: `流程 ${processId} 已完成您账号的实名认证。` });
    expect(outbox.map((row) => row.channel)).toEqual(['email', 'message_centre', 'sms', 'wechat']);
    for (const row of outbox) expect(row.payload).toMatchObject({ title: '实名认证成功', body: `流程 ${processId} 已完成您账号的实名认证。` });
  });
});

describe('limits explained in both languages (upload quota, rate limit)', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    // One unused document per account, and three uploads a minute: the quota refuses the second and third, the rate limit the fourth.
    system = await startSystem({ UPLOAD_QUOTA_DOCUMENTS: '1', RATE_LIMIT_UPLOADS_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await system.stop();
  });

  async function upload(token: string, language?: string) {
    const form = new FormData();
    form.set('purpose', 'business_licence');
    form.set('file', new Blob([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])]), 'licence.png');
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(language ? { 'accept-language': language } : {}) };
    const response = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', body: form, headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown>, language: response.headers.get('content-language') };
  }

  it('issue 18: the upload quota and the rate limit say what the limit is in Chinese by default and in English on en, the setting names unchanged', async () => {
    const { token } = await newAccount(system);
    expect((await upload(token)).status).toBe(201);
    const quotaZh = await upload(token);
    const quotaEn = await upload(token, 'en');
    expect(quotaZh).toMatchObject({ status: 409, language: 'zh-CN', body: { limit: 'UPLOAD_QUOTA_DOCUMENTS', max: 1 } });
    expect(quotaZh.body.detail).toBe('每个账号最多保留 1 份尚未被流程使用的已上传材料（UPLOAD_QUOTA_DOCUMENTS）；请发起或继续需要这些材料的流程，或等待未使用的材料在上传 24 小时后过期');
    expect(quotaEn).toMatchObject({ status: 409, language: 'en', body: { limit: 'UPLOAD_QUOTA_DOCUMENTS', max: 1 } });
    expect(quotaEn.body.detail).toMatch(/^at most 1 uploaded documents not yet used by a process per account \(UPLOAD_QUOTA_DOCUMENTS\)/);

    const limitedZh = await upload(token);
    const limitedEn = await upload(token, 'en');
    expect(limitedZh).toMatchObject({ status: 429, language: 'zh-CN', body: { title: '请求过于频繁', detail: expect.stringMatching(/^每分钟最多上传 3 次，请在 \d+ 秒后重试$/) } });
    expect(limitedEn).toMatchObject({ status: 429, language: 'en', body: { title: 'Too many requests', detail: expect.stringMatching(/^at most 3 uploads per minute; retry in \d+ s$/) } });
  });
});

describe('notices in English where the holders read English (NOTICE_LANGUAGE=en)', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ NOTICE_LANGUAGE: 'en' });
  });
  afterAll(async () => {
    await system.stop();
  });

  it('R-G5: the message-centre entry and the outbox rows are in English', async () => {
    const { accountId, token } = await newAccount(system);
    const processId = await verify(system, accountId, token);
    const { entry, outbox } = await noticesOf(system, accountId, token, processId);
    expect(entry).toMatchObject({ title: 'Real-name verification succeeded', body: `Process ${processId} verified your account.` });
    for (const row of outbox) expect(row.payload).toMatchObject({ title: 'Real-name verification succeeded' });
  });
});
