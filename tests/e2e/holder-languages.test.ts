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
    expect(zh.body.errors).toContainEqual({ field: 'applicant.name', message: '必填' });
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
    expect(zh.body).toMatchObject({ title: '与当前状态冲突', rule: 'R-G2', openProcessId: first.body.processId });
    expect(zh.body.detail).toBe(`账号 ${accountId} 已有进行中的流程 ${first.body.processId}（R-G2）`);
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
