import type { IssueQrCodeStepInput, ProcessActivities, VerificationStageActivities } from './types';

/** Composes an individual verification's stages from the activities that do each write. */
export function verificationStages(steps: ProcessActivities): VerificationStageActivities {
  const issueQrCodeStep = async ({ code, step, lastFaceFailure, faceTriesLeft }: IssueQrCodeStepInput) => {
    const { qrUrl, ticket } = await steps.issueQrCode(code);
    const qrCode = { ticket, qrUrl, expiresAt: code.expiresAt, expired: false };
    await steps.recordStep({ ...step, action: { qrCode, lastFaceFailure, ...(faceTriesLeft === undefined ? {} : { faceTriesLeft }) } });
    return { qrUrl, ticket };
  };
  const recordOutcome: VerificationStageActivities['recordOutcome'] = async ({ step, notice }) => {
    await steps.recordStep(step);
    await steps.notifyOutcome(notice);
  };
  return {
    async openWithQrCode({ open, ...first }) {
      const { eligible } = await steps.openProcess(open);
      if (!eligible) return { eligible, qrUrl: null, ticket: null };
      return { eligible, ...(await issueQrCodeStep(first)) };
    },
    issueQrCodeStep,
    recordOutcome,
    async concludeIndividualVerification({ completion, verified, limitReached }) {
      const { outcome } = await steps.completeIndividualVerification(completion);
      await recordOutcome(outcome === 'verified' ? verified : limitReached);
      return { outcome };
    },
  };
}
