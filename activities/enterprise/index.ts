import type { PayloadKey } from '../../codec/key-ring';
import type { NoticePolicy } from '../../config';
import type { Database } from '../../prisma/client';
import { createNotificationActivities } from '../notifications';
import { createProcessActivities } from '../process';
import { sandboxSender, type ChannelSender } from '../providers/notification-channels';
import { sandboxPaymentGateway, type PaymentGateway } from '../providers/payment-gateway';
import { sandboxBank, type Bank } from '../providers/bank';
import { sandboxCodeIssuer, type CodeIssuer } from '../providers/code-provider';
import { sandboxFace } from '../providers/face';
import { createQrCodeActivities } from '../qr-codes';
import { capabilityKey, createCapabilityActivities } from '../capabilities';
import { createReviewActivities } from '../review';
import type { CodeProvider } from '../../workflows/individual/messages';
import { createPayoutActivities } from './payout';
import { sandboxRegistry, type BusinessRegistry } from '../providers/registry';
import { createEnterpriseCompletionActivities } from './completion';
import { refundOnce } from './refunds';
import type { EnterpriseActivities } from './types';

export interface EnterpriseActivityDeps {
  db: Database;
  identityHashSecret: string;
  /** R-E7: from config (10). */
  accountsPerEnterprise: number;
  /** The payload key ring: subjects and review materials are sealed at rest. */
  payloadKeys: readonly PayloadKey[];
  registry?: BusinessRegistry;
  paymentGateway?: PaymentGateway;
  senders?: Record<'sms' | 'email' | 'wechat', ChannelSender>;
  /** R-G7: the outcome notices' quick attempt and retries (config.notices). */
  notices?: NoticePolicy;
  bank?: Bank;
  /** Where sandbox codes link to. */
  publicUrl?: string;
  codes?: Record<CodeProvider, CodeIssuer>;
  operatorAlerts?: ChannelSender;
}

/** Builds the enterprise workflow's activities; the worker passes real providers, tests the sandbox ones. */
export function createEnterpriseActivities(deps: EnterpriseActivityDeps): EnterpriseActivities {
  const { db } = deps;
  const registry = deps.registry ?? sandboxRegistry();
  const gateway = deps.paymentGateway ?? sandboxPaymentGateway(db);
  const processes = createProcessActivities(db);
  const notifications = createNotificationActivities(
    db,
    deps.senders ?? { sms: sandboxSender, email: sandboxSender, wechat: sandboxSender },
    deps.notices,
  );
  const publicUrl = deps.publicUrl ?? 'http://localhost:3000';
  const capabilities = capabilityKey(deps.identityHashSecret);
  const operatorAlerts = deps.operatorAlerts ?? sandboxSender;
  const codes = deps.codes ?? {
    wechat: sandboxCodeIssuer(publicUrl, 'wechat'),
    qq: sandboxCodeIssuer(publicUrl, 'qq'),
    face: sandboxFace(db, publicUrl, deps.payloadKeys),
  };
  return {
    ...createQrCodeActivities(db, codes, capabilities),
    ...createCapabilityActivities(capabilities),
    ...createReviewActivities({ db, payloadKeys: deps.payloadKeys, operatorAlerts }),
    ...createPayoutActivities(db, deps.bank ?? sandboxBank(db), operatorAlerts),
    openEnterpriseProcess: processes.openProcess,
    recordEnterpriseStep: processes.recordStep,
    notifyEnterpriseOutcome: notifications.notifyOutcome,
    lookupRegistry: (query) => registry.lookup(query),
    // R-E5: decided once per transaction (never for a credited one) and asked of the gateway
    // once; the worker's refund delivery asks again until it confirms (./refunds.ts).
    async refundPayment({ processId, transactionId, amountFen, reason = 'payment_mismatch' }) {
      await refundOnce(db, gateway, { processId, transactionId, amountFen, reason });
    },
    ...createEnterpriseCompletionActivities({
      db,
      identityHashSecret: deps.identityHashSecret,
      accountsPerEnterprise: deps.accountsPerEnterprise,
      payloadKeys: deps.payloadKeys,
    }),
  };
}

export { createEnterpriseCompletionActivities, enterpriseIdentityKey } from './completion';
export { deliverDueRefunds, refundStrayPayment, REFUND_DEFAULTS, type RefundPolicy } from './refunds';
export type { EnterpriseActivities } from './types';
