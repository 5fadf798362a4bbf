import type { Config } from '../config';
import type { Database } from '../prisma/client';
import { createCompletionActivities } from './completion';
import { createNotificationActivities } from './notifications';
import { createProcessActivities } from './process';
import { createProcessEndActivities, type ProcessEndActivities } from './process-ended-in-error';
import { assembleProviders, noticeSenders, type Providers } from './providers';
import { createQrCodeActivities } from './qr-codes';
import { capabilityKey } from './capabilities';
import { createEnterpriseActivities, type EnterpriseActivities } from './enterprise';
import { createChangeActivities, type ChangeActivities } from './change';
import type { IndividualActivities, ProcessActivities } from './types';
import { verificationStages } from './verification-stages';

export interface ActivityDeps {
  db: Database;
  config: Config;
  /**
   * Adapters for the ports (activities/providers/index.ts), each overriding the
   * one config selects; outside sandbox mode every port without one throws here.
   */
  providers?: Partial<Providers>;
}

/** Builds every activity from its dependencies; the worker passes real ones, tests may pass fakes. */
export function createActivities({ db, config, providers: injected }: ActivityDeps): IndividualActivities & EnterpriseActivities & ChangeActivities & ProcessEndActivities {
  // Issue 20: fails closed, naming every external system without an adapter.
  const providers = assembleProviders({ db, config }, injected);
  const codes = { wechat: providers.wechat, qq: providers.qq, face: providers.face };
  const steps: ProcessActivities = {
    ...createProcessActivities(db),
    ...createQrCodeActivities(db, codes, capabilityKey(config.identityHashSecret)),
    ...createCompletionActivities({
      db,
      identityHashSecret: config.identityHashSecret,
      accountsPerIndividualIdentity: config.limits.accountsPerIndividualIdentity,
      payloadKeys: config.payloadKeys,
    }),
    ...createNotificationActivities(db, noticeSenders(providers), config.notices),
  };
  return {
    ...createEnterpriseActivities({
      db,
      identityHashSecret: config.identityHashSecret,
      accountsPerEnterprise: config.limits.accountsPerEnterprise,
      payloadKeys: config.payloadKeys,
      notices: config.notices,
      providers,
    }),
    ...steps,
    ...verificationStages(steps),
    // R-G7: a process whose workflow failed is closed (workflows/process-ended-in-error.ts).
    ...createProcessEndActivities(db, steps.notifyOutcome),
    ...createChangeActivities({
      db,
      identityHashSecret: config.identityHashSecret,
      accountsPerIndividualIdentity: config.limits.accountsPerIndividualIdentity,
      accountsPerEnterprise: config.limits.accountsPerEnterprise,
      payloadKeys: config.payloadKeys,
      operatorAlerts: providers.operatorAlerts,
    }),
  };
}

export type { IndividualActivities, ProcessActivities } from './types';
