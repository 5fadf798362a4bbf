import { creditCodeCheckCharacter, registrationNumberCheckDigit } from '../../domain';
import { sealedPlaces, unseal } from '../../prisma/sealed';
import { applicant, mainlandId } from '../support/people';
import { eventually, http, startSystem, uniqueId, uploadDocument, type RunningSystem } from '../support/system';

const DAY = 24 * 3600_000;
const legalPerson = { name: '陈法人', documentNumber: mainlandId('350102', '1970-03-01', '117') };

const randomDigits = (count: number) => Array.from({ length: count }, () => Math.floor(Math.random() * 10)).join('');
/** A fresh valid credit code (GB 32100), so no two tests share an R-E7 slot. */
function creditCode(): string {
  const first17 = `91350100MA${randomDigits(7)}`;
  return first17 + creditCodeCheckCharacter(first17);
}
/** A fresh valid registration number (GS15-2006) of an individually-owned business in Fuzhou. */
function registrationNumber(): string {
  const first14 = `3501026${randomDigits(7)}`;
  return first14 + registrationNumberCheckDigit(first14);
}

/**
 * Who a subject is, over HTTP (R-C5.5, R-E2, R-E7, R-G3): an entity change ends
 * only as the reviewed entity; an individually-owned business without a credit
 * code verifies with its registration number and is counted by it; an
 * enterprise of another region is told the region is not served. One account
 * per enterprise (LIMIT_ACCOUNTS_PER_ENTERPRISE=1) makes R-E7's counting
 * visible. Real API, worker, Temporal dev server and PostgreSQL; sandbox providers.
 */
describe('subjects: the reviewed entity, individually-owned businesses, other regions (R-C5.5, R-E2, R-E7, R-G3), over HTTP', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ LIMIT_ACCOUNTS_PER_ENTERPRISE: '1' });
  });
  afterAll(async () => {
    await system.stop();
  });

  const processWhen = (processId: string, token: string, check: (body: any) => boolean) =>
    eventually(() => http(system, 'GET', `/v1/processes/${processId}`, { token }), (r) => r.status === 200 && (check(r.body) || r.body.status !== 'open'));

  async function account() {
    const accountId = (await http(system, 'POST', '/v1/accounts', { token: system.operatorToken, body: { id: uniqueId('acc'), displayName: 'subjects' } })).body.id as string;
    return { accountId, token: await system.holderToken(accountId) };
  }

  async function enterpriseStart(
    token: string,
    enterprise: { name: string; creditCode: string; registrationNumber?: string; address?: string; region?: string },
    licenceDocumentId?: string,
  ) {
    return {
      method: 'wechat_official_account',
      enterprise: {
        licenceType: 'business_licence',
        licenceDocumentId: licenceDocumentId ?? (await uploadDocument(system, token, 'business_licence')),
        address: '福建省福州市鼓楼区',
        contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '13800138000' },
        ...enterprise,
      },
    };
  }

  /** The official account's administrator authorises with the enterprise's name (R-E4). */
  async function authoriseOfficialAccount(processId: string, token: string, name: string) {
    const scan = await processWhen(processId, token, (p) => p.step === 'awaiting_scan' && p.qrCode);
    await http(system, 'POST', `/v1/sandbox/wechat/tickets/${scan.body.qrCode.ticket}/authorize`, {
      body: { name: '管理员', documentNumber: mainlandId('350102', '1980-01-01', '111'), officialAccountName: name },
    });
    return processWhen(processId, token, () => false);
  }

  async function verifyEnterprise(enterprise: { name: string; creditCode: string; registrationNumber?: string }) {
    const { accountId, token } = await account();
    const started = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, { token, body: await enterpriseStart(token, enterprise) });
    expect(started.status).toBe(201);
    const ended = await authoriseOfficialAccount(started.body.processId, token, enterprise.name);
    return { accountId, token, ended: ended.body };
  }

  const storedSubject = async (accountId: string) =>
    unseal<{ name: string; creditCode: string }>((await system.db.account.findUniqueOrThrow({ where: { id: accountId } })).subject, system.config.payloadKeys, sealedPlaces.accountSubject(accountId))!;

  describe('R-C5.5: an approved entity change A → B ends as B, and only as B', () => {
    it('R-C5.5: another company, or B with another code or another name, is refused naming R-C5 and the field; the account is never the unreviewed one', async () => {
      const a = { name: `福州甲有限公司${uniqueId('')}`, creditCode: creditCode() };
      const { accountId, token, ended } = await verifyEnterprise(a);
      expect(ended.status).toBe('verified');
      await system.db.account.update({ where: { id: accountId }, data: { verifiedAt: new Date(Date.now() - 31 * DAY) } });

      const b = { name: `福州乙有限公司${uniqueId('')}`, creditCode: creditCode() };
      const c = { name: `福州丙有限公司${uniqueId('')}`, creditCode: creditCode() };
      const started = await http(system, 'POST', `/v1/accounts/${accountId}/changes`, {
        token,
        body: {
          kind: 'enterprise_entity',
          agreement: true,
          preChangeLegalPerson: legalPerson,
          newEntity: { ...b, address: '福建省福州市台江区' },
          materials: {
            applicationForm: await uploadDocument(system, token, 'change_application_form'),
            originalLicence: await uploadDocument(system, token, 'business_licence'),
            legalPersonIdEmblemSide: await uploadDocument(system, token, 'legal_person_id_emblem'),
            legalPersonIdPortraitSide: await uploadDocument(system, token, 'legal_person_id_portrait'),
          },
        },
      });
      expect(started.status).toBe(201);
      const processId = started.body.processId as string;
      const face = await processWhen(processId, token, (p) => p.step === 'awaiting_legal_person_face' && p.qrCode);
      await http(system, 'POST', `/v1/sandbox/face/tickets/${face.body.qrCode.ticket}/pass`);
      const inReview = await processWhen(processId, token, (p) => p.step === 'in_review');
      const reviewId = inReview.body.history.at(-1).detail.reviewId as string;
      // R-C5.5: before the approval no new entity is taken, whatever its body (here a malformed code and a document that is no one's): a 409, not a 400.
      const early = await http(system, 'POST', `/v1/processes/${processId}/new-entity`, {
        token,
        body: { ...(await enterpriseStart(token, { name: b.name, creditCode: '123' }, 'doc_no_such_document')), agreement: true },
      });
      expect(early).toMatchObject({ status: 409, body: { type: expect.stringContaining('new-entity-not-now') } });
      expect(early.body.detail).toContain('in_review');
      const review = await eventually(() => http(system, 'GET', `/v1/reviews/${reviewId}`, { token: system.operatorToken }), (r) => r.status === 200);
      // R-C5.2, R-C5.3: the reviewer sees whom the face check passed, masked, to hold beside the ID card's photos.
      const shown = review.body.materials.fields.preChangeLegalPerson as { name: string; documentNumber: string };
      expect(shown.name).not.toBe(legalPerson.name);
      expect(shown.name.startsWith(legalPerson.name.slice(0, 1))).toBe(true);
      expect(shown.documentNumber).not.toContain(legalPerson.documentNumber.slice(6, 14));
      expect(shown.documentNumber.slice(-4)).toBe(legalPerson.documentNumber.slice(-4));
      expect(await http(system, 'POST', `/v1/reviews/${reviewId}/decision`, { token: system.operatorToken, body: { decision: 'approve', reason: 'proofs match' } })).toMatchObject({ status: 200 });
      await processWhen(processId, token, (p) => p.step === 'awaiting_new_entity');
      const before = await system.db.account.findUniqueOrThrow({ where: { id: accountId } });

      // One licence for every try: a refused one takes no document.
      const licence = await uploadDocument(system, token, 'business_licence');
      const submit = async (entity: { name: string; creditCode: string }) =>
        http(system, 'POST', `/v1/processes/${processId}/new-entity`, { token, body: { ...(await enterpriseStart(token, entity, licence)), agreement: true } });
      const refusedFields = (result: { body: { errors?: Array<{ field: string; rule?: string }> } }) => result.body.errors?.map((e) => [e.field, e.rule]);

      // R-C5.5: the new entity's basic information comes with the agreement.
      const unagreed = await http(system, 'POST', `/v1/processes/${processId}/new-entity`, { token, body: await enterpriseStart(token, b, licence) });
      expect(unagreed.status).toBe(400);
      expect(unagreed.body.errors.map((e: { field: string }) => e.field)).toEqual(['agreement']);
      const other = await submit(c);
      expect(other).toMatchObject({ status: 422, body: { type: expect.stringContaining('not-the-reviewed-entity'), rule: 'R-C5' } });
      expect(other.headers.get('content-type')).toContain('application/problem+json');
      expect(refusedFields(other)).toEqual([
        ['enterprise.name', 'R-C5'],
        ['enterprise.creditCode', 'R-C5'],
      ]);
      expect(refusedFields(await submit({ name: b.name, creditCode: c.creditCode }))).toEqual([['enterprise.creditCode', 'R-C5']]);
      expect(refusedFields(await submit({ name: c.name, creditCode: b.creditCode }))).toEqual([['enterprise.name', 'R-C5']]);
      // Nothing moved: the change still waits for B, the account is still A.
      expect((await http(system, 'GET', `/v1/processes/${processId}`, { token })).body).toMatchObject({ status: 'open', step: 'awaiting_new_entity' });
      expect(await system.db.account.findUniqueOrThrow({ where: { id: accountId } })).toEqual(before);

      // B itself, its code as typed in lower case: accepted, and the account becomes B.
      const accepted = await submit({ name: b.name, creditCode: b.creditCode.toLowerCase() });
      expect(accepted.status).toBe(200);
      const done = await authoriseOfficialAccount(processId, token, b.name);
      expect(done.body).toMatchObject({ status: 'changed', method: 'enterprise_entity' });
      expect(await storedSubject(accountId)).toMatchObject({ name: b.name, creditCode: b.creditCode });
      const history = await http(system, 'GET', `/v1/accounts/${accountId}/history`, { token });
      expect(history.body.history.at(-1)).toMatchObject({ kind: 'enterprise_entity', outcome: 'changed', after: { type: 'enterprise', name: b.name } });
      expect(JSON.stringify(history.body)).not.toContain(c.name);
    });
  });

  describe('R-E2, R-E7: an individually-owned business without a credit code', () => {
    it('R-E2, R-E7: verifies with its registration number beside the placeholder, and is counted by the registration number, not in one pool of the placeholder', async () => {
      const first = { name: `福州张记小吃店${uniqueId('')}`, creditCode: '00000000-0', registrationNumber: registrationNumber() };
      const second = { name: `福州李记五金店${uniqueId('')}`, creditCode: '00000000-0', registrationNumber: registrationNumber() };
      const one = await verifyEnterprise(first);
      expect(one.ended).toMatchObject({ status: 'verified' });
      // The placeholder identifies nobody: with one account per enterprise, another business writing it still verifies.
      const two = await verifyEnterprise(second);
      expect(two.ended).toMatchObject({ status: 'verified' });
      // The business is stored by its registration number, the code it is identified by.
      expect(await storedSubject(one.accountId)).toMatchObject({ name: first.name, creditCode: first.registrationNumber });
      expect((await system.db.account.findUniqueOrThrow({ where: { id: one.accountId } })).identityKey).not.toBe(
        (await system.db.account.findUniqueOrThrow({ where: { id: two.accountId } })).identityKey,
      );
      // R-E7: the same registration number on another account is the same business: its one slot is taken.
      const again = await verifyEnterprise({ ...first, name: `${first.name}分店` });
      expect(again.ended).toMatchObject({ status: 'failed', failureReason: 'enterprise_limit_reached' });
    });

    it('R-E2: the placeholder alone, a registration number that fails its check digit, or one beside a real code is refused, naming the field', async () => {
      const { accountId, token } = await account();
      const start = async (enterprise: { name: string; creditCode: string; registrationNumber?: string }) =>
        http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, { token, body: await enterpriseStart(token, enterprise) });
      const fields = (result: { status: number; body: { errors: Array<{ field: string; rule: string }> } }) => [result.status, result.body.errors.map((e) => [e.field, e.rule])];

      const placeholderOnly = await start({ name: '福州王记', creditCode: '00000000-0' });
      expect(fields(placeholderOnly)).toEqual([400, [['enterprise.creditCode', 'R-E2']]]);
      expect(placeholderOnly.body.errors[0].message).toMatch(/placeholder.*registration number/);
      const valid = registrationNumber();
      const wrongDigit = `${valid.slice(0, 14)}${(Number(valid.charAt(14)) + 1) % 10}`;
      expect(fields(await start({ name: '福州王记', creditCode: '00000000-0', registrationNumber: wrongDigit }))).toEqual([400, [['enterprise.registrationNumber', 'R-E2']]]);
      expect(fields(await start({ name: '福州王记', creditCode: creditCode(), registrationNumber: valid }))).toEqual([400, [['enterprise.registrationNumber', 'R-E2']]]);
      expect(await system.db.process.count({ where: { accountId } })).toBe(0);
    });
  });

  describe('R-G3: an enterprise of Hong Kong, Macao, Taiwan or abroad', () => {
    it('R-G3: a Hong Kong CR number and address is told the region is not served and where the international site is, not given a format error', async () => {
      const { accountId, token } = await account();
      const refused = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
        token,
        body: await enterpriseStart(token, { name: '香港示例有限公司', creditCode: '12345678', address: '香港九龍尖沙咀彌敦道100號' }),
      });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.errors).toEqual([{ field: 'enterprise.creditCode', rule: 'R-G3', message: expect.stringMatching(/mainland region is served.*Hong Kong.*international site/) }]);
      expect(refused.body.detail).not.toMatch(/Enter the 18-character/);
      expect(await system.db.process.count({ where: { accountId } })).toBe(0);
    });

    it('R-G3: a stated region, or an address abroad, is refused the same way; so is a change to such an enterprise', async () => {
      const { accountId, token } = await account();
      const taiwan = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
        token,
        body: await enterpriseStart(token, { name: '台灣示例股份有限公司', creditCode: creditCode(), region: 'taiwan' }),
      });
      expect(taiwan).toMatchObject({ status: 400, body: { errors: [{ field: 'enterprise.region', rule: 'R-G3', message: expect.stringContaining('Taiwan') }] } });
      const overseas = await http(system, 'POST', `/v1/accounts/${accountId}/enterprise-verifications`, {
        token,
        body: await enterpriseStart(token, { name: 'Example Inc.', creditCode: creditCode(), address: '1 Market Street, San Francisco, CA, USA' }),
      });
      expect(overseas).toMatchObject({ status: 400, body: { errors: [{ field: 'enterprise.address', rule: 'R-G3' }] } });

      // An enterprise account's entity change to a Hong Kong company: refused at its start.
      const a = { name: `福州迁港有限公司${uniqueId('')}`, creditCode: creditCode() };
      const verified = await verifyEnterprise(a);
      await system.db.account.update({ where: { id: verified.accountId }, data: { verifiedAt: new Date(Date.now() - 31 * DAY) } });
      const change = await http(system, 'POST', `/v1/accounts/${verified.accountId}/changes`, {
        token: verified.token,
        body: { kind: 'enterprise_entity', agreement: true, preChangeLegalPerson: legalPerson, newEntity: { name: '香港示例有限公司', creditCode: '1234567', address: '香港中環' } },
      });
      expect(change.status).toBe(400);
      expect(change.body.errors).toEqual(expect.arrayContaining([{ field: 'newEntity.creditCode', rule: 'R-G3', message: expect.stringContaining('Hong Kong') }]));
    });
  });

  describe("R-P6: the method recommended from the account's situation", () => {
    it("R-P6: after WeChat's real-name record did not match, the account's next start recommends face recognition; a permit holder's, WeChat QR", async () => {
      const { accountId, token } = await account();
      const person = applicant({ name: '张三' });
      const start = (body: unknown) => http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body });
      const first = await start({ type: 'individual', method: 'wechat_qr', applicant: person });
      expect(first.body).toMatchObject({ recommendedMethod: 'wechat_qr', allowedMethods: ['wechat_qr', 'qq_qr', 'face'] });
      await http(system, 'POST', `/v1/sandbox/wechat/tickets/${first.body.qrCode.ticket}/authorize`, { body: { name: '李四', documentNumber: person.documentNumber } });
      expect((await processWhen(first.body.processId, token, () => false)).body).toMatchObject({ status: 'failed', failureReason: 'identity_mismatch' });

      const second = await eventually(() => start({ type: 'individual', method: 'wechat_qr', applicant: person }), (r) => r.status === 201);
      expect(second.body).toMatchObject({ recommendedMethod: 'face' });
      await http(system, 'POST', `/v1/sandbox/wechat/tickets/${second.body.qrCode.ticket}/authorize`, { body: { name: '李四', documentNumber: person.documentNumber } });
      await processWhen(second.body.processId, token, () => false);

      const permit = { ...person, documentType: 'hk_macao_permit', documentNumber: `H${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}01`, birthDate: '1990-05-01' };
      const third = await eventually(() => start({ type: 'individual', method: 'wechat_qr', applicant: permit }), (r) => r.status === 201);
      expect(third.body).toMatchObject({ recommendedMethod: 'wechat_qr', allowedMethods: ['wechat_qr'] });
    });

    it('R-P6: the process view follows the process: after WeChat fails in it (the authorisation declined, then a real-name record that does not match) it recommends face; a travel permit keeps WeChat QR, its one method', async () => {
      const { accountId, token } = await account();
      const person = applicant({ name: '王芳' });
      const started = await http(system, 'POST', `/v1/accounts/${accountId}/verifications`, { token, body: { type: 'individual', method: 'wechat_qr', applicant: person } });
      expect(started.status).toBe(201);
      const { processId, qrCode } = started.body;
      const fresh = await http(system, 'GET', `/v1/processes/${processId}`, { token });
      expect(fresh.body).toMatchObject({ allowedMethods: ['wechat_qr', 'qq_qr', 'face'], recommendedMethod: 'wechat_qr' });

      await http(system, 'POST', `/v1/sandbox/wechat/tickets/${qrCode.ticket}/scan`);
      await http(system, 'POST', `/v1/sandbox/wechat/tickets/${qrCode.ticket}/reject`);
      const declined = await processWhen(processId, token, (p) => p.history.some((h: { detail: { authorizationRejected?: boolean } | null }) => h.detail?.authorizationRejected === true));
      expect(declined.body).toMatchObject({ status: 'open', recommendedMethod: 'face', allowedMethods: ['wechat_qr', 'qq_qr', 'face'] });

      // The declined code is spent; a fresh one, and this time the real-name record is another person's.
      const refreshed = await http(system, 'POST', `/v1/processes/${processId}/qr-code`, { token });
      expect(refreshed.status).toBe(200);
      const again = refreshed.body.ticket as string;
      await http(system, 'POST', `/v1/sandbox/wechat/tickets/${again}/authorize`, { body: { name: '李四', documentNumber: person.documentNumber } });
      const failed = await processWhen(processId, token, () => false);
      expect(failed.body).toMatchObject({ status: 'failed', failureReason: 'identity_mismatch', recommendedMethod: 'face' });

      // A Hong Kong/Macao permit allows WeChat QR only: declined or not, that is the method recommended.
      const { accountId: permitAccount, token: permitToken } = await account();
      const permit = { ...applicant({ name: '陈大文' }), documentType: 'hk_macao_permit', documentNumber: `H${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}01`, birthDate: '1990-05-01' };
      const permitStart = await http(system, 'POST', `/v1/accounts/${permitAccount}/verifications`, { token: permitToken, body: { type: 'individual', method: 'wechat_qr', applicant: permit } });
      expect(permitStart.status).toBe(201);
      await http(system, 'POST', `/v1/sandbox/wechat/tickets/${permitStart.body.qrCode.ticket}/scan`);
      await http(system, 'POST', `/v1/sandbox/wechat/tickets/${permitStart.body.qrCode.ticket}/reject`);
      const permitView = await processWhen(permitStart.body.processId, permitToken, (p) => p.history.some((h: { detail: { authorizationRejected?: boolean } | null }) => h.detail?.authorizationRejected === true));
      expect(permitView.body).toMatchObject({ status: 'open', allowedMethods: ['wechat_qr'], recommendedMethod: 'wechat_qr' });
      expect((await system.db.process.findUnique({ where: { id: permitStart.body.processId } }))?.documentType).toBe('hk_macao_permit');
    });
  });
});
