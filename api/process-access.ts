import type { Client } from '@temporalio/client';
import type { Database } from '../prisma/client';
import { requireAccountAccess, type Principal } from './auth';
import { readProcessWithSteps } from './process-read';
import { problems } from './problem';

/** A process the caller may see, with its steps; anyone else's is reported as missing, never as forbidden. */
export async function findVisibleProcess(db: Database, principal: Principal, processId: string) {
  const process = await readProcessWithSteps(db, processId);
  if (!process) throw problems.notFound(`process ${processId}`);
  try {
    requireAccountAccess(principal, process.accountId);
  } catch {
    throw problems.notFound(`process ${processId}`);
  }
  return process;
}

/** The workflow of a visible, open process, to send an update to. Only the holder drives a process; operators read. */
export async function openProcessWorkflow(db: Database, temporal: Client, principal: Principal, processId: string, kind?: string) {
  const process = await findVisibleProcess(db, principal, processId);
  if (principal.role !== 'holder') throw problems.forbidden("only the account's holder drives its process");
  if (kind && process.kind !== kind) throw problems.conflict('wrong-process-kind', `process ${process.id} is a ${process.kind}; this request is for a ${kind}`);
  if (process.status !== 'open') throw problems.conflict('process-closed', `process ${process.id} already ended as ${process.status}`);
  return temporal.workflow.getHandle(process.workflowId, process.runId);
}
