import { attachDocuments, unreferencedExpiry } from '../activities/document-store';
import type { Config } from '../config';
import { isDocumentId, type UploadPurpose } from '../domain';
import type { Database } from '../prisma/client';
import type { FieldProblem } from './problem';

/** A document id a request names: where (for the problem), what it must be, and the rule asking for it. */
export interface DocumentReference {
  field: string;
  id: string;
  purposes: readonly UploadPurpose[];
  rule: string;
}

export interface DocumentCheckDeps {
  db: Database;
  config: Pick<Config, 'uploads'>;
  now: number;
}

/**
 * The one check of every document id the API takes (findings 5 and 6): it must
 * have the store's format, name a document of this account (another account's
 * answers as an unknown one: nothing tells a holder it exists) uploaded for one
 * of the purposes, and, if no process took it yet, not have expired. Adds one
 * problem per bad reference to `errors`.
 */
export async function checkDocumentReferences(
  { db, config, now }: DocumentCheckDeps,
  accountId: string,
  references: readonly DocumentReference[],
  errors: FieldProblem[],
): Promise<void> {
  const wellFormed = references.filter((reference) => isDocumentId(reference.id));
  const rows = wellFormed.length
    ? await db.document.findMany({
        where: { id: { in: [...new Set(wellFormed.map((reference) => reference.id))] }, accountId },
        select: { id: true, purpose: true, createdAt: true, attachedAt: true },
      })
    : [];
  const found = new Map(rows.map((row) => [row.id, row]));
  const expiry = unreferencedExpiry(config.uploads, now).getTime();
  for (const { field, id, purposes, rule } of references) {
    const upload = `POST /v1/documents, purpose ${purposes.join(' or ')}`;
    const document = isDocumentId(id) ? found.get(id) : undefined;
    if (!isDocumentId(id)) errors.push({ field, rule, message: `not a document id (doc_ and 32 hex digits, from ${upload})` });
    else if (!document) errors.push({ field, rule, message: `no such document of this account; upload it first (${upload})` });
    else if (!purposes.includes(document.purpose as UploadPurpose)) errors.push({ field, rule, message: `uploaded as ${document.purpose}; this needs ${upload}` });
    else if (document.attachedAt === null && document.createdAt.getTime() <= expiry) {
      errors.push({ field, rule, message: `uploaded more than ${config.uploads.unreferencedTtlHours} hours ago and never used, so it expired; upload it again (${upload})` });
    }
  }
}

/**
 * Security finding 5: what a retried start (its process already exists) may
 * attach: of the references it names, those its original start carried
 * (`original`, from the start's record) and that pass the one check again.
 * Nothing else: a retry's body was neither checked nor started.
 */
export async function retriedDocumentIds(
  deps: DocumentCheckDeps,
  accountId: string,
  references: readonly DocumentReference[],
  original: readonly string[],
): Promise<string[]> {
  const carried = new Set(original);
  const candidates = references.filter((reference) => carried.has(reference.id));
  const errors: FieldProblem[] = [];
  await checkDocumentReferences(deps, accountId, candidates, errors);
  const refused = new Set(errors.map((problem) => problem.field));
  return candidates.filter((reference) => !refused.has(reference.field)).map((reference) => reference.id);
}

/** The document ids an enterprise start or method choice carries: the licence and the remittance photos. */
export function enterpriseDocumentIds(input: { enterprise?: { licenceDocumentId: string }; remittance?: { photos: { emblemSideDocumentId: string; portraitSideDocumentId: string } } }): string[] {
  return [
    ...(input.enterprise ? [input.enterprise.licenceDocumentId] : []),
    ...(input.remittance ? [input.remittance.photos.emblemSideDocumentId, input.remittance.photos.portraitSideDocumentId] : []),
  ];
}

/**
 * Records that the process took the documents, once the start or update that
 * carries them was accepted: from then on they leave the upload quota and the
 * sweep keeps them. Recorded here rather than in a workflow activity because
 * the API is where the ids were checked and where the acceptance is known, and
 * the workflows stay as they are (running histories replay unchanged). A crash
 * between the two leaves the documents unreferenced; a retried start (same
 * Idempotency-Key) records them again.
 */
export async function recordDocumentReferences(db: Database, accountId: string, processId: string, ids: readonly string[], now: number): Promise<void> {
  await attachDocuments(db, accountId, processId, ids.filter(isDocumentId), now);
}
