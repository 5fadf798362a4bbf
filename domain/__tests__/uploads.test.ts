import { checkUpload, MAX_UPLOAD_BYTES, sniffUploadKind } from '../uploads';

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
