import type { PayloadKey } from '../../codec/key-ring';
import type { Database } from '../../prisma/client';
import { seal, sealedPlaces, unseal } from '../../prisma/sealed';
import type { CheckedPerson } from '../../workflows/individual/messages';
import { sandboxCodeIssuer, type CodeIssuer } from './code-provider';

/**
 * The face-recognition side as this system needs it: a mini-program code that
 * opens the live face check (R-P4), issued for the person it must check, whom
 * the provider reports with its pass (R-P10).
 */
export type FaceProvider = CodeIssuer;

/**
 * The identity documents each face adapter can check (FACE_PROVIDER), where
 * it cannot check them all: Tencent FaceID compares the face with the mainland
 * ID card's photo and takes no travel permit. The API refuses at the start
 * what the adapter would refuse in the middle of a process.
 */
const FACE_DOCUMENTS: Readonly<Record<string, readonly string[]>> = { tencent: ['mainland_id'] };

export function faceChecksDocument(adapter: string | undefined, documentType: string): boolean {
  const documents = adapter !== undefined && Object.prototype.hasOwnProperty.call(FACE_DOCUMENTS, adapter) ? FACE_DOCUMENTS[adapter] : undefined;
  return documents === undefined || documents.includes(documentType);
}

/**
 * Sandbox face check: passes and failures are driven through `/v1/sandbox/face/…`.
 * Like a real provider it remembers whom each code was issued for, in its own
 * table (sealed, bound to the ticket), so a sandbox pass reports that person.
 * A code issued for nobody (older processes) records nothing.
 */
export function sandboxFace(db: Database, publicUrl: string, payloadKeys: readonly PayloadKey[]): FaceProvider {
  const codes = sandboxCodeIssuer(publicUrl, 'face');
  return {
    async createQrCode(ticket, expiresAt, person) {
      if (person) {
        // The activity may run again with the same ticket: the first record stands.
        await db.sandboxFaceCheck.createMany({
          data: [{ ticket, person: seal(checkedPerson(person), payloadKeys, sealedPlaces.sandboxFacePerson(ticket)) }],
          skipDuplicates: true,
        });
      }
      return codes.createQrCode(ticket, expiresAt);
    },
  };
}

/** Whom the sandbox face provider issued this ticket's code for; null if for nobody. */
export async function sandboxFacePerson(db: Database, payloadKeys: readonly PayloadKey[], ticket: string): Promise<CheckedPerson | null> {
  const row = await db.sandboxFaceCheck.findUnique({ where: { ticket }, select: { person: true } });
  return row ? unseal<CheckedPerson>(row.person, payloadKeys, sealedPlaces.sandboxFacePerson(ticket)) : null;
}

/** Exactly the three fields, whatever else the caller's object carries. */
function checkedPerson({ name, documentType, documentNumber }: CheckedPerson): CheckedPerson {
  return { name, documentType, documentNumber };
}
