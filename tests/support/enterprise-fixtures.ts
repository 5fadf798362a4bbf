import type { EnterpriseBasics, RemittanceDetails } from '../../workflows/enterprise/messages';
import { uniqueId } from './system';

/** The enterprise the workflow tests verify (an R-E2 start as the API validates it). */
export const ENTERPRISE: EnterpriseBasics = {
  name: '北京示例科技有限公司',
  creditCode: '91110108MA01ABCD2X',
  licenceDocumentId: 'doc_licence',
  address: '北京市海淀区中关村大街1号',
  contact: { name: '张三', documentNumber: '11010519491231002X', mobile: '13800138000' },
};

/** The same enterprise under a credit code no other test run uses, for tests on the shared database (R-E7 counts by code). */
export function enterpriseOfItsOwn(): EnterpriseBasics {
  return { ...ENTERPRISE, address: '北京市海淀区', creditCode: `91110108${uniqueId('').replace(/[^0-9A-Za-z]/g, '').slice(-10).toUpperCase().padStart(10, '1')}` };
}

/** R-E6.1, R-E6.2: what a remittance brings before review. */
export const REMITTANCE_DETAILS: RemittanceDetails = {
  bankAccount: { accountNumber: '6222020200112233445', bank: '中国工商银行', location: '北京市', branch: '中关村支行' },
  legalPerson: { name: '李四', documentNumber: '110105194912310029' },
  photos: { emblemSideDocumentId: 'doc_emblem', portraitSideDocumentId: 'doc_portrait' },
  handler: { name: '王五', documentNumber: '110105199001010012' },
};
