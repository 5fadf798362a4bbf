import { createHash, randomUUID } from 'node:crypto';
import type { Config } from '../config';
import { uploadQuotaRefusal, type UploadQuota, type UploadQuotaRefusal } from '../domain';
import { sqlPool, type Database } from '../prisma/client';
import { inSqlTransaction } from '../prisma/sql-transaction';

export interface StoredDocument {
  id: string;
  accountId: string;
  purpose: string;
  contentType: string;
  size: number;
  sha256: string;
}

/**
 * An upload's allowance: the account's quota of documents no process references
 * yet, counting those uploaded after `since` (older unreferenced ones have
 * expired: no process may take them any more, and the sweep removes them).
 */
export interface UploadAllowance {
  quota: UploadQuota;
  since: Date;
}

export type PutResult = { ok: true; document: StoredDocument } | { ok: false; refusal: UploadQuotaRefusal; unreferenced: UploadQuota };

/** Where uploaded materials live. PostgreSQL by default; an object store can implement the same. */
export interface DocumentStore {
  /** Stores the document unless the account's quota of unreferenced documents is full. */
  put(input: { accountId: string; purpose: string; contentType: string; bytes: Uint8Array }, allowance: UploadAllowance): Promise<PutResult>;
  metadata(id: string): Promise<StoredDocument | null>;
  content(id: string): Promise<{ document: StoredDocument; bytes: Uint8Array } | null>;
}

// Finding 6: one upload at a time per account, in whichever API replica, so
// the count and the insert cannot interleave and overshoot the quota.
const LOCK_ACCOUNT_UPLOADS = 'SELECT pg_advisory_xact_lock(hashtextextended($1, 0))';
const UNREFERENCED = `SELECT count(*)::int AS documents, COALESCE(sum(size), 0)::float8 AS bytes
  FROM documents WHERE account_id = $1 AND attached_at IS NULL AND created_at > $2`;
const INSERT_DOCUMENT = `INSERT INTO documents (id, account_id, purpose, content_type, size, sha256, content) VALUES ($1, $2, $3, $4, $5, $6, $7)
  RETURNING id, account_id AS "accountId", purpose, content_type AS "contentType", size, sha256`;

export function postgresDocumentStore(db: Database): DocumentStore {
  const select = { id: true, accountId: true, purpose: true, contentType: true, size: true, sha256: true } as const;
  return {
    put({ accountId, purpose, contentType, bytes }, { quota, since }) {
      return inSqlTransaction(db, async (client): Promise<PutResult> => {
        await client.query(LOCK_ACCOUNT_UPLOADS, [`documents:${accountId}`]);
        const unreferenced = (await client.query<UploadQuota>(UNREFERENCED, [accountId, since])).rows[0]!;
        const refusal = uploadQuotaRefusal(unreferenced, bytes.length, quota);
        if (refusal) return { ok: false, refusal, unreferenced };
        const id = `doc_${randomUUID().replace(/-/g, '')}`;
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const inserted = await client.query<StoredDocument>(INSERT_DOCUMENT, [id, accountId, purpose, contentType, bytes.length, sha256, Buffer.from(bytes)]);
        return { ok: true, document: inserted.rows[0]! };
      });
    },
    metadata: (id) => db.document.findUnique({ where: { id }, select }),
    async content(id) {
      const row = await db.document.findUnique({ where: { id }, select: { ...select, content: true } });
      if (!row) return null;
      const { content, ...document } = row;
      return { document, bytes: content };
    },
  };
}

/**
 * Records that a process took these documents (finding 6): from then on they
 * no longer count against the upload quota and the sweep never removes them
 * (R-G4: verification data is kept). The first process to take a document is
 * the one recorded; a later one reusing it (a licence sent again) changes nothing.
 */
export async function attachDocuments(db: Database, accountId: string, processId: string, ids: readonly string[], now: number): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await db.document.updateMany({
    where: { id: { in: [...new Set(ids)] }, accountId, attachedAt: null },
    data: { attachedAt: new Date(now), processId },
  });
  return count;
}

const SWEEP_BATCH = 500;
const DELETE_UNREFERENCED = `DELETE FROM documents WHERE id IN (
  SELECT id FROM documents WHERE attached_at IS NULL AND created_at < $1 ORDER BY created_at LIMIT ${SWEEP_BATCH})`;

/**
 * Deletes the documents no process references that were uploaded before
 * `olderThan`, in batches so no one statement holds many rows; returns how
 * many went. The worker runs it periodically (worker/document-sweep.ts).
 */
export async function sweepUnreferencedDocuments(db: Database, olderThan: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const batch = (await sqlPool(db).query(DELETE_UNREFERENCED, [olderThan])).rowCount ?? 0;
    deleted += batch;
    if (batch < SWEEP_BATCH) return deleted;
  }
}

const HOUR_MS = 3600_000;

/**
 * An unreferenced document expires `unreferencedTtlHours` after its upload: no
 * process may take it from then on (api/document-references.ts) and it no
 * longer counts against the quota.
 */
export function unreferencedExpiry(uploads: Config['uploads'], now: number): Date {
  return new Date(now - uploads.unreferencedTtlHours * HOUR_MS);
}

/**
 * The sweep deletes expired documents an hour after they expire: a request that
 * checked a document just before its expiry still finds it when it records the
 * reference, after the process started.
 */
export const SWEEP_GRACE_MS = HOUR_MS;

/** Deletes the expired unreferenced documents (finding 6); what the worker runs periodically. */
export function sweepExpiredDocuments(db: Database, uploads: Config['uploads'], now: number): Promise<number> {
  return sweepUnreferencedDocuments(db, new Date(unreferencedExpiry(uploads, now).getTime() - SWEEP_GRACE_MS));
}
