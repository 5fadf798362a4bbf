/**
 * Uploaded materials (R-E2, R-E6.1, R-C5.3, R-C6): what each purpose accepts,
 * judged by the file's content, never by its name.
 */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

export type UploadKind = 'jpeg' | 'png' | 'pdf';

export const UPLOAD_PURPOSES = {
  // R-E2: a colour image of the licence, JPG or PNG.
  business_licence: ['jpeg', 'png'],
  // R-E6.1: the legal person holding the ID card, both sides.
  legal_person_id_emblem: ['jpeg', 'png'],
  legal_person_id_portrait: ['jpeg', 'png'],
  // R-C5.3 and R-C6: forms and proofs may be PDF.
  change_application_form: ['pdf', 'jpeg', 'png'],
  deregistration_proof: ['pdf', 'jpeg', 'png'],
  registry_change_proof: ['pdf', 'jpeg', 'png'],
} as const satisfies Record<string, readonly UploadKind[]>;

export type UploadPurpose = keyof typeof UPLOAD_PURPOSES;

/** Whether a client's value names a purpose: an own key only, never one inherited (`constructor`, `__proto__`, `toString`). */
export function isUploadPurpose(value: unknown): value is UploadPurpose {
  return typeof value === 'string' && Object.hasOwn(UPLOAD_PURPOSES, value);
}

export const CONTENT_TYPES: Record<UploadKind, string> = { jpeg: 'image/jpeg', png: 'image/png', pdf: 'application/pdf' };

/** The kind the bytes say they are, from their signature. */
export function sniffUploadKind(bytes: Uint8Array): UploadKind | null {
  const starts = (signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  return null;
}

export type UploadCheck =
  | { ok: true; kind: UploadKind; contentType: string }
  | { ok: false; status: 400 | 413; rule: string; message: string };

export function checkUpload(purpose: UploadPurpose, bytes: Uint8Array): UploadCheck {
  const allowed: readonly UploadKind[] = UPLOAD_PURPOSES[purpose];
  const rule = purpose.startsWith('legal_person') ? 'R-E6' : purpose === 'business_licence' ? 'R-E2' : 'R-C5';
  if (bytes.length === 0) return { ok: false, status: 400, rule, message: 'the file is empty' };
  if (bytes.length > MAX_UPLOAD_BYTES) return { ok: false, status: 413, rule, message: 'the file is larger than 5 MB' };
  const kind = sniffUploadKind(bytes);
  if (!kind || !allowed.includes(kind)) {
    return { ok: false, status: 400, rule, message: `a ${purpose} must be ${allowed.map((k) => k.toUpperCase()).join(' or ')} (judged by content)` };
  }
  return { ok: true, kind, contentType: CONTENT_TYPES[kind] };
}

/**
 * The ids the document store hands out (activities/document-store.ts): `doc_`
 * and 32 lowercase hex digits. Nothing else stands for a document, so no id a
 * client sends can become another path (`../accounts/…`) where it is used.
 */
export const DOCUMENT_ID_PATTERN = /^doc_[0-9a-f]{32}$/;

export function isDocumentId(value: unknown): value is string {
  return typeof value === 'string' && DOCUMENT_ID_PATTERN.test(value);
}

/** At most this much, per account, uploaded and not yet referenced by any process: documents and bytes. */
export interface UploadQuota {
  documents: number;
  bytes: number;
}

export type UploadQuotaRefusal = { limit: 'documents' | 'bytes'; max: number; message: string };

/**
 * Whether one more upload of `incomingBytes` fits the account's quota, given
 * what it holds unreferenced now. Documents a process took do not count, so a
 * holder who used what they uploaded is never blocked by it.
 */
export function uploadQuotaRefusal(unreferenced: UploadQuota, incomingBytes: number, quota: UploadQuota): UploadQuotaRefusal | null {
  if (unreferenced.documents + 1 > quota.documents) {
    return { limit: 'documents', max: quota.documents, message: `at most ${quota.documents} uploaded documents not yet used by a process` };
  }
  if (unreferenced.bytes + incomingBytes > quota.bytes) {
    return { limit: 'bytes', max: quota.bytes, message: `at most ${Math.floor(quota.bytes / (1024 * 1024))} MB of uploaded documents not yet used by a process` };
  }
  return null;
}
