import { sandboxCodeIssuer, type CodeIssuer } from './code-provider';

/** The face-recognition side as this system needs it: a mini-program code that opens the live face check (R-P4). */
export type FaceProvider = CodeIssuer;

/** Sandbox face check: passes and failures are driven through `/v1/sandbox/face/…`. */
export function sandboxFace(publicUrl: string): FaceProvider {
  return sandboxCodeIssuer(publicUrl, 'face');
}
