import { http, startSystem, uniqueId, type RunningSystem } from '../support/system';

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const PDF = new TextEncoder().encode('%PDF-1.7\n%fake but well-signed\n');

describe('document uploads (R-E2, R-C5)', () => {
  let system: RunningSystem;
  let accountId: string;
  let token: string;
  beforeAll(async () => {
    system = await startSystem();
    accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'Uploads' } })).body.id;
    token = await system.holderToken(accountId);
  });
  afterAll(async () => {
    await system.stop();
  });

  async function upload(purpose: string, bytes: Uint8Array, fileName: string, asToken = token) {
    const form = new FormData();
    form.set('purpose', purpose);
    form.set('file', new Blob([Buffer.from(bytes)]), fileName);
    const response = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${asToken}` } });
    return { status: response.status, body: (await response.json()) as any, contentType: response.headers.get('content-type') };
  }

  const stored = () => system.db.document.count({ where: { accountId } });

  it('R-E2: stores a PNG licence judged by content (whatever its name) and serves it back to its holder only', async () => {
    const created = await upload('business_licence', PNG, 'licence.pdf');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ accountId, purpose: 'business_licence', contentType: 'image/png', size: PNG.length });
    const fetched = await fetch(`${system.baseUrl}/v1/documents/${created.body.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(fetched.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await fetched.arrayBuffer())).toEqual(PNG);
    const stranger = await system.holderToken(uniqueId('acc'));
    expect((await http(system, 'GET', `/v1/documents/${created.body.id}`, { token: stranger })).status).toBe(404);
    const asOperator = await fetch(`${system.baseUrl}/v1/documents/${created.body.id}`, { headers: { authorization: `Bearer ${system.operatorToken}` } });
    expect(asOperator.status).toBe(200);
  });

  it('R-E2: refuses a PDF or a text file named .jpg as a licence with 400 naming the field and rule, storing nothing', async () => {
    const before = await stored();
    const pdf = await upload('business_licence', PDF, 'licence.pdf');
    expect(pdf.status).toBe(400);
    expect(pdf.contentType).toContain('application/problem+json');
    expect(pdf.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'R-E2' })]);
    const text = await upload('business_licence', new TextEncoder().encode('not an image'), 'photo.jpg');
    expect(text.status).toBe(400);
    expect(await stored()).toBe(before);
  });

  it('R-C5: accepts a PDF where the rules allow it (change application form)', async () => {
    const created = await upload('change_application_form', PDF, 'form.pdf');
    expect(created.status).toBe(201);
    expect(created.body.contentType).toBe('application/pdf');
  });

  it('refuses more than 5 MB with 413 and stores nothing; an unknown purpose with 400; no token with 401', async () => {
    const before = await stored();
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(PNG);
    const tooLarge = await upload('business_licence', big, 'big.png');
    expect(tooLarge.status).toBe(413);
    expect(await stored()).toBe(before);
    const unknown = await upload('selfie', PNG, 'a.png');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('purpose');
    const anonymous = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);
  });

  it('R-E2, R-C5: a purpose every object inherits (constructor, __proto__, toString) is 400 naming purpose, not a 500', async () => {
    const before = await stored();
    for (const purpose of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const refused = await upload(purpose, PNG, 'a.png');
      expect([purpose, refused.status]).toEqual([purpose, 400]);
      expect(refused.contentType).toContain('application/problem+json');
      expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual(['purpose']);
    }
    expect(await stored()).toBe(before);
  });

  it("R-E2: an operator's accountId outside the account-id pattern (a NUL in it, a space, too long) is 400 naming accountId, not a 500", async () => {
    const before = await stored();
    for (const bad of ['acc\u0000x', `${accountId}\u0000`, 'acc x', 'a'.repeat(65), 'ab']) {
      const form = new FormData();
      form.set('purpose', 'business_licence');
      form.set('accountId', bad);
      form.set('file', new Blob([Buffer.from(PNG)]), 'licence.png');
      const response = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${system.operatorToken}` } });
      const body = (await response.json()) as { errors: Array<{ field: string }> };
      expect([JSON.stringify(bad), response.status]).toEqual([JSON.stringify(bad), 400]);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(body.errors.map((error) => error.field)).toEqual(['accountId']);
    }
    expect(await stored()).toBe(before);
    // The account's own id still takes the upload.
    const form = new FormData();
    form.set('purpose', 'business_licence');
    form.set('accountId', accountId);
    form.set('file', new Blob([Buffer.from(PNG)]), 'licence.png');
    const taken = await fetch(`${system.baseUrl}/v1/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${system.operatorToken}` } });
    expect(taken.status).toBe(201);
  });
});
