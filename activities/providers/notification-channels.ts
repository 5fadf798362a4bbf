export type Channel = 'sms' | 'email' | 'wechat' | 'message_centre';

export interface OutgoingNotification {
  id: string;
  accountId: string;
  title: string;
  body: string;
}

/** A provider that delivers to one external channel (SMS gateway, mail relay, WeChat template messages). */
export interface ChannelSender {
  send(notification: OutgoingNotification): Promise<void>;
}

/** Sandbox senders deliver nowhere: the outbox row with its sent time is the record of what would be sent. */
export const sandboxSender: ChannelSender = {
  async send() {},
};
