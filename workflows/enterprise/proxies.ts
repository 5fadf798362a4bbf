import type { EnterpriseActivities } from '../../activities/enterprise/types';
import { proxyProcessActivities } from '../local-activities';

/** The process's own writes and notices run locally; the registry and the payment gateway are called through the task queue. */
export const activities = proxyProcessActivities<EnterpriseActivities>([
  'openEnterpriseProcess',
  'recordEnterpriseStep',
  'issueQrCode',
  'completeEnterpriseVerification',
  'notifyEnterpriseOutcome',
]);
