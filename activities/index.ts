import type { Config } from '../config';
import type { Database } from '../prisma/client';
import { createCompletionActivities } from './completion';
import { createNotificationActivities } from './notifications';
import { createProcessActivities } from './process';
import { createProcessEndActivities, type ProcessEndActivities } from './process-ended-in-error';
import { sandboxSender, type ChannelSender } from './providers/notification-channels';
import { sandboxFace, type FaceProvider } from './providers/face';
import { sandboxQq, type QqProvider } from './providers/qq';
import { sandboxWechat, type WechatProvider } from './providers/wechat';
import { createQrCodeActivities } from './qr-codes';
import { capabilityKey } from './capabilities';
import { createEnterpriseActivities, type EnterpriseActivities } from './enterprise';
import { sandboxBank, type Bank } from './providers/bank';
import { createChangeActivities, type ChangeActivities } from './change';
import type { IndividualActivities, ProcessActivities } from './types';
import { verificationStages } from './verification-stages';

export interface ActivityDeps {
  db: Database;
  config: Config;
  wechat?: WechatProvider;
  qq?: QqProvider;
  face?: FaceProvider;
  senders?: Record<'sms' | 'email' | 'wechat', ChannelSender>;
  bank?: Bank;
}

/** Builds every activity from its dependencies; the worker passes real ones, tests may pass fakes. */
export function createActivities({ db, config, wechat, qq, face, senders, bank }: ActivityDeps): IndividualActivities & EnterpriseActivities & ChangeActivities & ProcessEndActivities {
  const { publicUrl } = config.api;
  const codes = { wechat: wechat ?? sandboxWechat(publicUrl), qq: qq ?? sandboxQq(publicUrl), face: face ?? sandboxFace(db, publicUrl, config.payloadKeys) };
  const steps: ProcessActivities = {
    ...createProcessActivities(db),
    ...createQrCodeActivities(db, codes, capabilityKey(config.identityHashSecret)),
    ...createCompletionActivities({
      db,
      identityHashSecret: config.identityHashSecret,
      accountsPerIndividualIdentity: config.limits.accountsPerIndividualIdentity,
      payloadKeys: config.payloadKeys,
    }),
    ...createNotificationActivities(db, senders ?? { sms: sandboxSender, email: sandboxSender, wechat: sandboxSender }, config.notices),
  };
  return {
    ...createEnterpriseActivities({
      db,
      identityHashSecret: config.identityHashSecret,
      accountsPerEnterprise: config.limits.accountsPerEnterprise,
      payloadKeys: config.payloadKeys,
      senders,
      notices: config.notices,
      codes,
      bank: bank ?? sandboxBank(db, { delayMs: config.sandboxBankDelayMs }),
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
    }),
  };
}

export type { IndividualActivities, ProcessActivities } from './types';
