import { isDocumentId, maskDocumentNumber, maskName } from '../domain';
import type { PayloadKey } from '../codec/key-ring';
import type { Review, ReviewAudit } from '../generated/prisma/client';
import { sealedPlaces, unseal } from '../prisma/sealed';
import type { ReviewView } from '../workflows/review/messages';

/** Every status a review row takes, as its workflow closes it; `expired` at its final deadline, undecided (R-G7). */
export const REVIEW_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'expired'] as const satisfies readonly ReviewView['status'][];
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

type Fields = Record<string, unknown>;
const isPerson = (value: unknown): value is { name: string; documentNumber: string } =>
  typeof value === 'object' && value !== null && typeof (value as Fields).name === 'string' && typeof (value as Fields).documentNumber === 'string';

export interface ReviewMaterials {
  documents: Record<string, string>;
  fields: Fields;
}

/**
 * Why a stored document id gets no link: not in the store's format (finding
 * 5), or no document of the review's account has it (security finding 6: a
 * review made before the API checked ownership may name another account's
 * document, or one since deleted).
 */
export type DocumentRefusal = 'not-a-document-id' | 'not-the-accounts-document';

/** The review's materials in clear (sealed at rest), to be shown through `reviewDetail`. */
export function reviewMaterials(review: Review, keys: readonly PayloadKey[]): ReviewMaterials {
  return unseal<ReviewMaterials>(review.materials, keys, sealedPlaces.reviewMaterials(review.id)) ?? { documents: {}, fields: {} };
}

/** The ids among the materials that can name a document at all: those to look up in the review's account. */
export function materialDocumentIds(materials: ReviewMaterials): string[] {
  return Object.values(materials.documents).filter(isDocumentId);
}

/**
 * Materials as the review API shows them: names, ID numbers and bank accounts
 * masked, and a link only to a document of the review's account
 * (`accountDocuments`, found in the store at display time); any other id gets
 * `url: null` and `refused` saying why.
 */
export function maskedMaterials(materials: ReviewMaterials, accountDocuments: ReadonlySet<string>) {
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
    // Security finding 6: nor does an id no document of the review's account has.
    documents: Object.fromEntries(
      Object.entries(materials.documents).map(([name, id]) => {
        const refused: DocumentRefusal | null = !isDocumentId(id) ? 'not-a-document-id' : !accountDocuments.has(id) ? 'not-the-accounts-document' : null;
        return [name, { documentId: id, url: refused ? null : `/v1/documents/${encodeURIComponent(id)}`, refused }];
      }),
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
    status: review.status as ReviewStatus,
    rules: review.rules,
    dueAt: review.dueAt.toISOString(),
    expiresAt: iso(review.expiresAt),
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

export function reviewDetail(review: Review, audit: ReviewAudit[], now: number, materials: ReviewMaterials, accountDocuments: ReadonlySet<string>) {
  return {
    ...reviewSummary(review, now),
    materials: maskedMaterials(materials, accountDocuments),
    audit: audit.map((entry) => ({ actor: entry.actor, action: entry.action, reason: entry.reason, at: entry.at.toISOString(), detail: entry.detail ?? null })),
  };
}
