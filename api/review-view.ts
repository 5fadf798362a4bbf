import { isDocumentId, maskDocumentNumber, maskName } from '../domain';
import type { PayloadKey } from '../codec/key-ring';
import type { Review, ReviewAudit } from '../generated/prisma/client';
import { sealedPlaces, unseal } from '../prisma/sealed';

type Fields = Record<string, unknown>;
const isPerson = (value: unknown): value is { name: string; documentNumber: string } =>
  typeof value === 'object' && value !== null && typeof (value as Fields).name === 'string' && typeof (value as Fields).documentNumber === 'string';

/** Materials as the review API shows them: names, ID numbers and bank accounts masked. */
export function maskedMaterials(materials: { documents: Record<string, string>; fields: Fields }) {
  const fields: Fields = {};
  for (const [key, value] of Object.entries(materials.fields)) {
    if (isPerson(value)) fields[key] = { name: maskName(value.name), documentNumber: maskDocumentNumber(value.documentNumber) };
    else if (key === 'bankAccount' && typeof value === 'object' && value !== null) {
      const account = value as Fields;
      fields[key] = { ...account, accountNumber: `****${String(account.accountNumber).slice(-4)}` };
    } else fields[key] = value;
  }
  return {
    // Finding 5: only an id of the store's format becomes a link; anything else stored (from before the API checked) gets none.
    documents: Object.fromEntries(
      Object.entries(materials.documents).map(([name, id]) => [name, { documentId: id, url: isDocumentId(id) ? `/v1/documents/${encodeURIComponent(id)}` : null }]),
    ),
    fields,
  };
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function reviewSummary(review: Review, now: number) {
  const claimLive = review.claimedBy !== null && review.claimExpiresAt !== null && review.claimExpiresAt.getTime() > now;
  return {
    reviewId: review.id,
    processId: review.processId,
    accountId: review.accountId,
    kind: review.kind,
    status: review.status as 'pending' | 'approved' | 'rejected' | 'withdrawn',
    rules: review.rules,
    dueAt: review.dueAt.toISOString(),
    escalated: review.escalatedAt !== null,
    overdue: review.status === 'pending' && review.dueAt.getTime() <= now,
    claimedBy: claimLive ? review.claimedBy : null,
    claimExpiresAt: claimLive ? iso(review.claimExpiresAt) : null,
    decidedBy: review.decidedBy,
    decisionReason: review.decisionReason,
    decidedAt: iso(review.decidedAt),
    createdAt: review.createdAt.toISOString(),
  };
}

export function reviewDetail(review: Review, audit: ReviewAudit[], now: number, keys: readonly PayloadKey[]) {
  return {
    ...reviewSummary(review, now),
    materials: maskedMaterials(unseal<{ documents: Record<string, string>; fields: Fields }>(review.materials, keys, sealedPlaces.reviewMaterials(review.id)) ?? { documents: {}, fields: {} }),
    audit: audit.map((entry) => ({ actor: entry.actor, action: entry.action, reason: entry.reason, at: entry.at.toISOString(), detail: entry.detail ?? null })),
  };
}
