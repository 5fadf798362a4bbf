import { Context } from '@temporalio/activity';
import type { ChannelSender, OutgoingNotification } from './providers/notification-channels';
import { NoAnswerInTime, within } from './within';

/** The alert channel did not answer in OPERATOR_ALERT_TIMEOUT_MS. */
class OperatorAlertTimeout extends NoAnswerInTime {
  override name = 'OperatorAlertTimeout';
}

/** How long a process's activity waits for the alert channel: past it, the process goes on. */
export const OPERATOR_ALERT_TIMEOUT_MS = 5_000;

/**
 * R-G7: an operator alert sent from a process's activity (a review past its
 * SLA, a payout overdue): tried once, for at most OPERATOR_ALERT_TIMEOUT_MS.
 * A channel down, slow or refusing never holds the process nor fails it; what
 * the alert reports is recorded before it (escalated_at, overdue_at) and
 * counted in /metrics (realname_reviews_overdue, realname_payouts_overdue),
 * and a retried activity sends it again under the same id.
 */
export async function alertOperators(sender: ChannelSender | undefined, alert: OutgoingNotification): Promise<void> {
  if (!sender) return;
  try {
    await within(OPERATOR_ALERT_TIMEOUT_MS, Promise.resolve().then(() => sender.send(alert)), OperatorAlertTimeout);
  } catch (error) {
    warn('operator alert not sent; what it reports is recorded and counted in /metrics', { alertId: alert.id, err: { name: (error as Error).name } });
  }
}

function warn(message: string, meta: Record<string, unknown>): void {
  try {
    Context.current().log.warn(message, meta);
  } catch {
    // Called outside an activity (a test calling the function itself): there is no activity logger.
  }
}
