import type { Providers } from '../../activities/providers';
import type { OutgoingNotification } from '../../activities/providers/notification-channels';

/**
 * Test doubles of every port that are no sandbox stand-in: what a production
 * system runs with in tests (issue 20), each keeping what it was asked so a
 * test can see the calls went here and not to a sandbox.
 */
export interface FakeProviders extends Providers {
  calls: Array<{ system: keyof Providers; detail: string }>;
}

export function fakeProviders(): FakeProviders {
  const calls: FakeProviders['calls'] = [];
  const sender = (system: keyof Providers) => ({
    async send(notification: OutgoingNotification) {
      calls.push({ system, detail: notification.id });
    },
  });
  const codes = (system: 'wechat' | 'qq' | 'face') => ({
    async createQrCode(ticket: string) {
      calls.push({ system, detail: ticket });
      return { qrUrl: `https://${system}.provider.test/codes/${ticket}` };
    },
  });
  return {
    calls,
    wechat: codes('wechat'),
    qq: codes('qq'),
    face: codes('face'),
    paymentGateway: {
      async refund({ transactionId }) {
        calls.push({ system: 'paymentGateway', detail: transactionId });
        return { refundId: `fake-refund-${transactionId}` };
      },
    },
    bank: {
      async payout({ idempotencyKey }) {
        calls.push({ system: 'bank', detail: idempotencyKey });
        return { bankReference: `fake-payout-${idempotencyKey}`, deliveredAt: null };
      },
    },
    registry: {
      async lookup({ creditCode }) {
        calls.push({ system: 'registry', detail: creditCode });
        return { found: false };
      },
      async confirmLegalRepresentative({ creditCode }) {
        calls.push({ system: 'registry', detail: creditCode });
        return { isLegalRepresentative: false };
      },
    },
    sms: sender('sms'),
    email: sender('email'),
    wechatNotices: sender('wechatNotices'),
    operatorAlerts: sender('operatorAlerts'),
    contactDirectory: {
      async mobileOf(accountId) {
        calls.push({ system: 'contactDirectory', detail: accountId });
        return null;
      },
      async emailOf(accountId) {
        calls.push({ system: 'contactDirectory', detail: accountId });
        return null;
      },
    },
  };
}
