import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { IndividualMethod, DocumentType } from '../../domain';

export interface IndividualApplicant {
  name: string;
  documentType: DocumentType;
  documentNumber: string;
  /** YYYY-MM-DD; from the ID number for mainland IDs, stated by permit holders (R-P3). */
  birthDate: string;
  industry: string;
  address: string;
}

export interface IndividualVerificationInput {
  processId: string;
  accountId: string;
  method: IndividualMethod;
  applicant: IndividualApplicant;
  /** Durations from config, as Temporal duration strings. */
  durations: { qrValidity: string; abandonment: string };
}

export interface QrCode {
  ticket: string;
  qrUrl: string;
  /** Epoch ms. */
  expiresAt: number;
  expired: boolean;
}

/** What the WeChat side reports about a ticket (delivered through the signed webhook). */
export type WechatEvent =
  | { eventId: string; ticket: string; type: 'scanned' }
  | { eventId: string; ticket: string; type: 'authorized'; realName: { name: string; documentNumber: string } }
  | { eventId: string; ticket: string; type: 'rejected' };

export type IndividualStep = 'starting' | 'awaiting_scan' | 'awaiting_authorization' | 'verified' | 'failed';

export type FailureReason = 'identity_mismatch' | 'identity_limit_reached' | 'abandoned' | 'account_not_eligible';

export interface ProcessView {
  processId: string;
  status: 'open' | 'verified' | 'failed';
  step: IndividualStep;
  qrCode: QrCode | null;
  failureReason: FailureReason | null;
  abandonAt: number;
}

export const wechatEventSignal = defineSignal<[WechatEvent]>('wechatEvent');
/** Waits until the first QR code is issued and returns it (the start call answers with it). */
export const qrCodeUpdate = defineUpdate<QrCode>('qrCode');
/** R-P7: a fresh code without starting over. */
export const refreshQrCodeUpdate = defineUpdate<QrCode>('refreshQrCode');
export const processViewQuery = defineQuery<ProcessView>('processView');
