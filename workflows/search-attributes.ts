import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// Search attributes are stored unencrypted: ids, kinds, methods and statuses only.
// Registered by `npm start` (dev server), the test setup and docker-compose.
export const AccountId = defineSearchAttributeKey('AccountId', SearchAttributeType.KEYWORD);
export const ProcessKind = defineSearchAttributeKey('ProcessKind', SearchAttributeType.KEYWORD);
export const VerificationMethod = defineSearchAttributeKey('VerificationMethod', SearchAttributeType.KEYWORD);
export const VerificationStatus = defineSearchAttributeKey('VerificationStatus', SearchAttributeType.KEYWORD);
/** A manual review past its business-day SLA: operators filter the Web UI on it. */
export const ReviewOverdue = defineSearchAttributeKey('ReviewOverdue', SearchAttributeType.BOOL);
/** R-E6.4: a remittance payout the bank has not reported delivered within its business days; false again once it does. */
export const PayoutOverdue = defineSearchAttributeKey('PayoutOverdue', SearchAttributeType.BOOL);

export const searchAttributeTypes: Record<string, 'Keyword' | 'Bool'> = {
  AccountId: 'Keyword',
  ProcessKind: 'Keyword',
  VerificationMethod: 'Keyword',
  VerificationStatus: 'Keyword',
  ReviewOverdue: 'Bool',
  PayoutOverdue: 'Bool',
};
