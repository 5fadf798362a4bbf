import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { checkUpload, isUploadPurpose, MAX_UPLOAD_BYTES, UPLOAD_PURPOSES, type UploadPurpose } from '../../domain';
import { unreferencedExpiry, type DocumentStore } from '../../activities/document-store';
import { requireAccountAccess, type AuthEnv } from '../auth';
import type { ApiDeps } from '../deps';
import { fieldMessage, PROBLEM_DETAILS } from '../../domain/texts';
import { problems, refusal } from '../problem';
import { ACCOUNT_ID_PATTERN, problemContent } from '../schemas';

const PURPOSES = Object.keys(UPLOAD_PURPOSES) as [UploadPurpose, ...UploadPurpose[]];
const DocumentSchema = z
  .object({ id: z.string(), accountId: z.string(), purpose: z.enum(PURPOSES), contentType: z.string(), size: z.number(), sha256: z.string() })
  .openapi('Document');
// Room for the multipart envelope around a file of the maximum size.
const ENVELOPE_BYTES = 64 * 1024;
// The file name a download is saved under: `<id>.<extension>` (ids are generated, `doc_<hex>`).
const FILE_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

export function registerDocumentRoutes(app: OpenAPIHono<AuthEnv>, { db, config, now = Date.now }: ApiDeps, store: DocumentStore): void {
  const { uploads } = config;
  app.openAPIRegistry.registerPath({
    method: 'post',
    path: '/v1/documents',
    tags: ['documents'],
    summary: 'Upload a document (JPG/PNG, PDF where the rules allow it; at most 5 MB)',
    description:
      'Returns a document id; processes refer to materials by id only. The type is judged by content, not by file name. ' +
      `Per account at most ${uploads.quotaDocuments} documents and ${uploads.quotaBytes / (1024 * 1024)} MB not yet taken by a process (409 beyond); ` +
      `such a document expires ${uploads.unreferencedTtlHours} hours after its upload and is deleted. At most ${config.rateLimits.uploadsPerMinute} uploads per token per minute (429).`,
    security: [{ bearer: [] }],
    request: {
      body: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: z.object({
              purpose: z.enum(PURPOSES),
              file: z.string().openapi({ format: 'binary' }),
              accountId: z.string().optional().openapi({ description: 'Operators only: the account the document belongs to' }),
            }),
          },
        },
      },
    },
    responses: {
      201: { description: 'Stored', content: { 'application/json': { schema: DocumentSchema } } },
      400: { description: 'Not an accepted file for this purpose', content: problemContent },
      409: { description: "The account's quota of documents not yet taken by a process is full; `limit` names it", content: problemContent },
      413: { description: 'Larger than 5 MB', content: problemContent },
      415: { description: 'Not multipart/form-data: refused before the body is read', content: problemContent },
      429: { description: 'Too many uploads; Retry-After says when', content: problemContent },
    },
  });

  app.post(
    '/v1/documents',
    bodyLimit({
      maxSize: MAX_UPLOAD_BYTES + ENVELOPE_BYTES,
      onError: () => {
        throw refusal(413, 'too-large', PROBLEM_DETAILS.uploadTooLarge());
      },
    }),
    async (c) => {
      const principal = c.get('principal');
      const form = await c.req.parseBody().catch(() => {
        throw problems.validation([{ field: '(body)', message: 'send multipart/form-data with fields purpose and file' }]);
      });
      const purpose = form.purpose;
      const file = form.file;
      const errors = [];
      if (!isUploadPurpose(purpose)) errors.push({ field: 'purpose', message: `one of: ${PURPOSES.join(', ')}` });
      if (!(file instanceof File)) errors.push({ field: 'file', message: 'a file is required' });
      if (errors.length > 0) throw problems.validation(errors);
      const accountId = principal.role === 'holder' ? principal.accountId : String(form.accountId ?? '');
      // An operator's form field is an account id before PostgreSQL reads it: a NUL in it was a 500 there (22021).
      const named = principal.role === 'holder' || ACCOUNT_ID_PATTERN.test(accountId);
      if (!named || !(await db.account.findUnique({ where: { id: accountId }, select: { id: true } }))) {
        throw problems.validation([{ field: 'accountId', message: 'an existing account is required' }]);
      }
      const bytes = new Uint8Array(await (file as File).arrayBuffer());
      const check = checkUpload(purpose as UploadPurpose, bytes);
      if (!check.ok) {
        if (check.status === 413) {
          throw refusal(413, 'too-large', { zh: fieldMessage(check.message, 'zh'), en: check.message });
        }
        throw problems.validation([{ field: 'file', rule: check.rule, message: check.message }]);
      }
      const stored = await store.put(
        { accountId, purpose: purpose as string, contentType: check.contentType, bytes },
        { quota: { documents: uploads.quotaDocuments, bytes: uploads.quotaBytes }, since: unreferencedExpiry(uploads, now()) },
      );
      if (!stored.ok) {
        // Finding 6: counted in PostgreSQL under a per-account lock, so it holds across API replicas.
        const limit = stored.refusal.limit === 'documents' ? 'UPLOAD_QUOTA_DOCUMENTS' : 'UPLOAD_QUOTA_MB';
        throw problems.conflict(
          'upload-quota-exceeded',
          PROBLEM_DETAILS.uploadQuotaExceeded(stored.refusal, limit, uploads.unreferencedTtlHours),
          { limit, max: stored.refusal.max, unreferenced: stored.unreferenced },
        );
      }
      return c.json(stored.document, 201);
    },
  );

  app.get('/v1/documents/:documentId', async (c) => {
    const found = await store.content(c.req.param('documentId'));
    if (!found) throw problems.notFound(`document ${c.req.param('documentId')}`);
    try {
      requireAccountAccess(c.get('principal'), found.document.accountId);
    } catch {
      throw problems.notFound(`document ${c.req.param('documentId')}`);
    }
    // Served from the API's origin, where the console keeps its token: a download, never a page
    // rendered there (a PDF can carry script), and sandboxed should a browser render it anyway.
    // The console fetches documents with its token and shows them from blob: URLs, which these headers do not reach.
    return c.body(Buffer.from(found.bytes), 200, {
      'content-type': found.document.contentType,
      'content-disposition': `attachment; filename="${found.document.id}.${FILE_EXTENSIONS[found.document.contentType] ?? 'bin'}"`,
      'content-security-policy': "sandbox; default-src 'none'",
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    });
  });
}
