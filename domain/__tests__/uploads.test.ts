import { checkUpload, isDocumentId, isUploadPurpose, MAX_UPLOAD_BYTES, sniffUploadKind, uploadQuotaRefusal } from '../uploads';

describe('uploads judged by content', () => {
  it('recognises JPEG, PNG and PDF signatures and nothing else', () => {
    expect(sniffUploadKind(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffUploadKind(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffUploadKind(new TextEncoder().encode('%PDF-1.4'))).toBe('pdf');
    expect(sniffUploadKind(new TextEncoder().encode('GIF89a'))).toBeNull();
    expect(sniffUploadKind(Uint8Array.from([0x89, 0x50]))).toBeNull();
  });

  it('R-E2: a licence must be JPG or PNG; R-C5: an application form may be PDF', () => {
    const pdf = new TextEncoder().encode('%PDF-1.4 body');
    expect(checkUpload('business_licence', pdf)).toMatchObject({ ok: false, status: 400, rule: 'R-E2' });
    expect(checkUpload('change_application_form', pdf)).toMatchObject({ ok: true, contentType: 'application/pdf' });
  });

  it('R-E2: refuses an empty file and one over 5 MB (413)', () => {
    expect(checkUpload('business_licence', new Uint8Array(0))).toMatchObject({ ok: false, status: 400 });
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect(checkUpload('business_licence', big)).toMatchObject({ ok: false, status: 413 });
    expect(checkUpload('business_licence', big.subarray(0, MAX_UPLOAD_BYTES))).toMatchObject({ ok: true, contentType: 'image/jpeg' });
  });
});

describe('upload purposes', () => {
  it('R-E2, R-C5: a purpose is one of the listed ones, never a name every object inherits', () => {
    expect(isUploadPurpose('business_licence')).toBe(true);
    expect(isUploadPurpose('registry_change_proof')).toBe(true);
    for (const bad of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'selfie', '', 42, null, undefined]) expect(isUploadPurpose(bad)).toBe(false);
  });
});

describe('document ids and the upload quota', () => {
  it('finding 5: only doc_ and 32 lowercase hex digits is a document id', () => {
    expect(isDocumentId(`doc_${'0123456789abcdef'.repeat(2)}`)).toBe(true);
    for (const bad of ['../accounts/acc_demo/subject/unmasked?reason=x', `doc_${'A'.repeat(32)}`, `doc_${'a'.repeat(31)}`, `doc_${'a'.repeat(32)}/..`, 'doc_proof', '', 42, null]) {
      expect(isDocumentId(bad)).toBe(false);
    }
  });

  it('finding 6: the 21st unreferenced document, or one past 50 MB, is refused naming the limit', () => {
    const quota = { documents: 20, bytes: 50 * 1024 * 1024 };
    expect(uploadQuotaRefusal({ documents: 19, bytes: 0 }, 100, quota)).toBeNull();
    expect(uploadQuotaRefusal({ documents: 20, bytes: 0 }, 100, quota)).toMatchObject({ limit: 'documents', max: 20 });
    expect(uploadQuotaRefusal({ documents: 10, bytes: quota.bytes - 99 }, 99, quota)).toBeNull();
    expect(uploadQuotaRefusal({ documents: 10, bytes: quota.bytes - 99 }, 100, quota)).toMatchObject({ limit: 'bytes', max: quota.bytes, message: expect.stringContaining('50 MB') });
  });
});
