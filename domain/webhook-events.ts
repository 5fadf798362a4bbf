/**
 * Issue 19: the event types the platform can subscribe an endpoint to, and how
 * an endpoint wants them ordered. Here, not in activities/, because the API
 * validates registrations and describes the webhooks with them, and the worker
 * queues and delivers them: both read one list.
 */
export const EVENT_TYPES = [
  'process.started',
  'process.step_changed',
  'process.verified',
  'process.failed',
  'review.decided',
  'payment.refunded',
  'change.completed',
  'change.revoked',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * `per_process`: a process's events reach the endpoint one at a time in the
 * order they were recorded (a later one waits until the earlier ones are
 * delivered or given up). `none` (the default, as Stripe's): each event goes
 * as soon as it is due, so a retried one may arrive after later ones.
 */
export const WEBHOOK_ORDERINGS = ['none', 'per_process'] as const;
export type WebhookOrdering = (typeof WEBHOOK_ORDERINGS)[number];
