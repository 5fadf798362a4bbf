// R-G2: every process of an account runs under one workflow id, so Temporal
// itself refuses a second open process for the same account.
export function processWorkflowId(accountId: string): string {
  return `account-process-${accountId}`;
}
