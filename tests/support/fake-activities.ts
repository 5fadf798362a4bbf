import type { CompleteEnterpriseInput, EnterpriseActivities, RefundPaymentInput } from '../../activities/enterprise/types';
import type { ProcessActivities, RecordStepInput, NotifyOutcomeInput, CompleteIndividualInput, IssueQrCodeInput } from '../../activities/types';

/** In-memory activities that record what the workflow asked for. */
export function fakeActivities(options: { eligible?: boolean; completion?: 'verified' | 'identity_limit_reached' } = {}) {
  const steps: RecordStepInput[] = [];
  const notifications: NotifyOutcomeInput[] = [];
  const completions: CompleteIndividualInput[] = [];
  const tickets: string[] = [];
  const issued: IssueQrCodeInput[] = [];
  const activities: ProcessActivities = {
    async openProcess() {
      return { eligible: options.eligible ?? true };
    },
    async recordStep(input) {
      steps.push(input);
    },
    async issueQrCode(input) {
      tickets.push(input.ticket);
      issued.push(input);
      return { qrUrl: `sandbox://${input.provider}/${input.ticket}` };
    },
    async completeIndividualVerification(input) {
      completions.push(input);
      return { outcome: options.completion ?? 'verified' };
    },
    async notifyOutcome(input) {
      notifications.push(input);
    },
  };
  return { activities, steps, notifications, completions, tickets, issued };
}

/** In-memory enterprise activities that record what the workflow asked for. */
export function fakeEnterpriseActivities(options: { registry?: { found: boolean; registeredName?: string } } = {}) {
  const steps: RecordStepInput[] = [];
  const notifications: NotifyOutcomeInput[] = [];
  const completions: CompleteEnterpriseInput[] = [];
  const refunds: RefundPaymentInput[] = [];
  const activities: EnterpriseActivities = {
    async openEnterpriseProcess() {
      return { eligible: true };
    },
    async lookupRegistry({ name }) {
      return options.registry ?? { found: true, registeredName: name };
    },
    async recordEnterpriseStep(step) {
      steps.push(step);
    },
    async refundPayment(refund) {
      refunds.push(refund);
    },
    async completeEnterpriseVerification(completion) {
      completions.push(completion);
      return { outcome: 'verified' };
    },
    async notifyEnterpriseOutcome(notification) {
      notifications.push(notification);
    },
  };
  return { activities, steps, notifications, completions, refunds };
}
