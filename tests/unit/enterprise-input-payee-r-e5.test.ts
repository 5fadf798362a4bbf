// R-E5: the account a recharge tells the holder to pay into comes from config
// (RECHARGE_PAYEE_ACCOUNT) through the one builder of an enterprise
// verification's input, which the verification start and a change's
// enterprise part (to enterprise, entity change) both use. No database: the
// licence check reads one fake row.
import { enterpriseInput } from '../../api/enterprise-start';
import type { FieldProblem } from '../../api/problem';
import { loadConfig } from '../../config';
import type { Database } from '../../prisma/client';
import { mainlandId } from '../support/people';
import { PRODUCTION_PAYEE_ACCOUNT, productionEnv } from '../support/production-env';

const NOW = Date.parse('2026-03-02T02:00:00.000Z');
const LICENCE = `doc_${'a1'.repeat(16)}`;
const db = {
  document: { findMany: async () => [{ id: LICENCE, purpose: 'business_licence', createdAt: new Date(NOW - 60_000), attachedAt: null }] },
} as unknown as Database;

const body = {
  method: 'recharge' as const,
  enterprise: {
    licenceType: 'business_licence' as const,
    licenceDocumentId: LICENCE,
    name: '福州测试科技有限公司',
    creditCode: '91350100M000100Y43',
    address: '福建省福州市鼓楼区五一北路1号',
    contact: { name: '王五', documentNumber: mainlandId('350102', '1985-06-15', '123'), mobile: '+86 138 0013 8000' },
  },
};

async function built(env: Record<string, string>, field?: string) {
  const errors: FieldProblem[] = [];
  const input = await enterpriseInput({ db, config: loadConfig(env), now: NOW }, 'acc_payee', 'prc_payee', body, errors, field);
  expect(errors).toEqual([]);
  return input;
}

describe('the payee account of an enterprise verification input (R-E5)', () => {
  it('R-E5: outside sandbox mode the input carries RECHARGE_PAYEE_ACCOUNT, never the sandbox account', async () => {
    const input = await built(productionEnv());
    expect(input.payeeAccount).toBe('1100 2233 4455 6677 889');
    expect(PRODUCTION_PAYEE_ACCOUNT).toBe('1100 2233 4455 6677 889');
    expect(JSON.stringify(input)).not.toContain('sandbox-payee');
  });

  it("R-E5: a change's enterprise part (built under enterprise.enterprise) carries the same configured account", async () => {
    const input = await built({ ...productionEnv(), RECHARGE_PAYEE_ACCOUNT: '3502-0188-0000-0001-234' }, 'enterprise.enterprise');
    expect(input.payeeAccount).toBe('3502-0188-0000-0001-234');
  });

  it('R-E5: sandbox mode carries the sandbox account by default, or the one configured', async () => {
    expect((await built({})).payeeAccount).toBe('sandbox-payee-6222000000000000');
    expect((await built({ RECHARGE_PAYEE_ACCOUNT: '6222 0210 0123 4567 890' })).payeeAccount).toBe('6222 0210 0123 4567 890');
  });
});
