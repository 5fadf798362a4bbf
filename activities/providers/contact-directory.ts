import type { AccountEmails } from './smtp-email';
import type { AccountMobiles } from './tencent-sms';

/**
 * The account contact directory: where the holder's mobile number and e-mail
 * address come from when a notice goes out by SMS or e-mail (R-G5). This
 * system stores neither (the outbox holds the account id only); the
 * platform's account service holds them, and the real adapter asks it over
 * the signed HTTP contract (docs/provider-contracts/contact-directory.md,
 * http-contact-directory.ts). The SMS adapter asks `mobileOf`, the SMTP
 * adapter `emailOf`.
 *
 * Contacts are personal data: they are used for the one send and kept, at
 * most, for the adapter's short cache in memory; they are never written to a
 * log in clear (`maskMobile`, `maskEmail`) nor to a failure message.
 */
export interface ContactDirectory extends AccountMobiles, AccountEmails {}

/**
 * Sandbox mode's directory knows nobody: the sandbox senders send nowhere and
 * ask it nothing. A real SMS or e-mail adapter is never built on it
 * (activities/providers/index.ts refuses that), so no notice is sent to a
 * made-up number.
 */
export const sandboxContactDirectory: ContactDirectory = {
  async mobileOf() {
    return null;
  },
  async emailOf() {
    return null;
  },
};

/** A mobile number as logs may show it: the first three and last two digits (`139******78`); null for none. */
export function maskMobile(mobile: string | null): string | null {
  if (mobile === null) return null;
  const digits = mobile.replace(/\D/g, '').replace(/^(0086|86)(?=1\d{10}$)/, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/** An e-mail address as logs may show it: the first character of the local part and the domain (`z***@example.cn`); null for none. */
export function maskEmail(email: string | null): string | null {
  if (email === null) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
