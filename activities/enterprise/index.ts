import { ApplicationFailure } from '@temporalio/common';
import type { PayloadKey } from '../../codec/key-ring';
import type { NoticePolicy } from '../../config';
import type { Database } from '../../prisma/client';
import { listedAsInactive } from '../../domain/registry-listing';
import { createNotificationActivities } from '../notifications';
import { createProcessActivities } from '../process';
import { noticeSenders, type Providers } from '../providers';
import { createQrCodeActivities } from '../qr-codes';
import { capabilityKey, createCapabilityActivities } from '../capabilities';
import { createReviewActivities } from '../review';
import { createPayoutActivities } from './payout';
import { createEnterpriseCompletionActivities } from './completion';
import { refundOnce } from './refunds';
import { unheardPayments } from './unheard-payments';
import type { EnterpriseActivities, RegistryLookup } from './types';

export interface EnterpriseActivityDeps {
  db: Database;
  identityHashSecret: string;
  /** R-E7: from config (10). */
  accountsPerEnterprise: number;
  /** The payload key ring: subjects and review materials are sealed at rest. */
  payloadKeys: readonly PayloadKey[];
  /** R-G7: the outcome notices' quick attempt and retries (config.notices). */
  notices?: NoticePolicy;
  /**
   * Every port this process talks to (activities/providers/index.ts), none
   * defaulted here: the worker passes the assembled ones, tests sandboxProviders().
   */
  providers: Providers;
}

/** Builds the enterprise workflow's activities from the providers it is given. */
/** A listing as code before `withHeldCreditCode` was answered it. */
function withoutHeldCreditCode({ unifiedCreditCode: _held, ...listing }: Extract<RegistryLookup, { found: true }>): RegistryLookup {
  return listing;
}

export function createEnterpriseActivities(deps: EnterpriseActivityDeps): EnterpriseActivities {
  const { db, providers } = deps;
  const { registry, paymentGateway: gateway, operatorAlerts } = providers;
  const processes = createProcessActivities(db);
  const notifications = createNotificationActivities(db, noticeSenders(providers), deps.notices);
  const capabilities = capabilityKey(deps.identityHashSecret);
  const codes = { wechat: providers.wechat, qq: providers.qq, face: providers.face };
  return {
    ...createQrCodeActivities(db, codes, capabilities),
    ...createCapabilityActivities(capabilities),
    ...createReviewActivities({ db, payloadKeys: deps.payloadKeys, operatorAlerts }),
    ...createPayoutActivities(db, providers.bank, operatorAlerts),
    openEnterpriseProcess: processes.openProcess,
    recordEnterpriseStep: processes.recordStep,
    notifyEnterpriseOutcome: notifications.notifyOutcome,
    async lookupRegistry({ withStatus, withHeldCreditCode, answerBy, ...query }) {
      registryDeadline(answerBy, 'look the enterprise up');
      const listed = await registry.lookup(query);
      const listing = listed.found && !withHeldCreditCode ? withoutHeldCreditCode(listed) : listed;
      return withStatus || !listedAsInactive(listing) ? listing : { found: false };
    },
    async confirmLegalRepresentative({ answerBy, ...query }) {
      registryDeadline(answerBy, 'confirm the legal representative');
      return registry.confirmLegalRepresentative(query);
    },
    // R-E5: decided once per transaction (never for a credited one) and asked of the gateway
    // once; the worker's refund delivery asks again until it confirms (./refunds.ts).
    async refundPayment({ processId, transactionId, amountFen, reason = 'payment_mismatch' }) {
      await refundOnce(db, gateway, { processId, transactionId, amountFen, reason });
    },
    unheardPayments: (input) => unheardPayments(db, input),
    ...createEnterpriseCompletionActivities({
      db,
      identityHashSecret: deps.identityHashSecret,
      accountsPerEnterprise: deps.accountsPerEnterprise,
      payloadKeys: deps.payloadKeys,
      operatorAlerts,
    }),
  };
}

/**
 * R-G7: a registry that stays down keeps retrying its call only until the
 * process's deadline; the attempt from then on ends the retries with an answer
 * the workflow takes (the process fails), so an outage never holds it open.
 */
function registryDeadline(answerBy: number | undefined, what: string): void {
  if (answerBy !== undefined && Date.now() >= answerBy) {
    throw ApplicationFailure.create({ type: 'RegistryDeadlinePassed', message: `the process reached its deadline before the registry could ${what}`, nonRetryable: true });
  }
}

export { createEnterpriseCompletionActivities, enterpriseIdentityKey } from './completion';
export { deliverDueRefunds, refundStrayPayment, REFUND_DEFAULTS, type RefundPolicy } from './refunds';
export type { EnterpriseActivities } from './types';
