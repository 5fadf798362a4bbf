import { ApplicationFailure } from '@temporalio/common';
// R-G2: every process of an account runs under one workflow id, so Temporal
// itself refuses a second open process for the same account.
export function processWorkflowId(accountId: string): string {
  return `account-process-${accountId}`;
}

/**
 * What a request that needs no other input carries: its process and what it
 * asks. Every message that changes a process carries a sealed argument
 * (security finding 2): a message with none could come from anyone who
 * reaches Temporal, and the literal `request` is in no other payload of the
 * history, so none of those can be sent back in its place.
 */
export interface ProcessRequest {
  processId: string;
  request: 'refresh_code' | 'revoke_change' | 'withdraw_review';
}

/** Refuses (in an update's validator) anything but this process's request of this kind. */
export function requireRequest(argument: unknown, processId: string, request: ProcessRequest['request']): void {
  const candidate = argument as Partial<ProcessRequest> | null | undefined;
  if (candidate?.processId !== processId || candidate.request !== request) {
    throw ApplicationFailure.create({ type: 'WrongProcess', message: `this is not a ${request} request of process ${processId}`, nonRetryable: true });
  }
}
