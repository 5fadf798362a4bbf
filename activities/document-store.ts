import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '../prisma/client';

export interface StoredDocument {
  id: string;
  accountId: string;
  purpose: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** Where uploaded materials live. PostgreSQL by default; an object store can implement the same. */
export interface DocumentStore {
  put(input: { accountId: string; purpose: string; contentType: string; bytes: Uint8Array }): Promise<StoredDocument>;
  metadata(id: string): Promise<StoredDocument | null>;
  content(id: string): Promise<{ document: StoredDocument; bytes: Uint8Array } | null>;
}

export function postgresDocumentStore(db: Database): DocumentStore {
  const select = { id: true, accountId: true, purpose: true, contentType: true, size: true, sha256: true } as const;
  return {
    async put({ accountId, purpose, contentType, bytes }) {
      return db.document.create({
        data: {
          id: `doc_${randomUUID().replace(/-/g, '')}`,
          accountId,
          purpose,
          contentType,
          size: bytes.length,
          sha256: createHash('sha256').update(bytes).digest('hex'),
          content: Buffer.from(bytes),
        },
        select,
      });
    },
    metadata: (id) => db.document.findUnique({ where: { id }, select }),
    async content(id) {
      const row = await db.document.findUnique({ where: { id } });
      if (!row) return null;
      const { content, createdAt: _createdAt, ...document } = row;
      return { document, bytes: content };
    },
  };
}
