// R-G2: every process of an account runs under one workflow id, so Temporal
// itself refuses a second open process for the same account.
export function processWorkflowId(accountId: string): string {
  return `account-process-${accountId}`;
}

/**
 * What a request that needs no other input carries: its process. Every
 * message that changes a process carries a sealed argument (security finding
 * 2): a message with none could come from anyone who reaches Temporal.
 */
export interface ProcessRequest {
  processId: string;
}
