import type { Client } from '@temporalio/client';
import { holderRequestRefusal, type HolderRequest } from '../domain';
import type { Process } from '../generated/prisma/client';
import type { Database } from '../prisma/client';
import { requireAccountAccess, type Principal } from './auth';
import { readProcessWithSteps } from '../read-model/process-read';
import { problems } from './problem';
import { PROBLEM_DETAILS, type Localised, type ProblemTitleType } from '../domain/texts';

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

/** How a request a process takes in some steps only is refused in another: as its workflow refuses it in an enterprise verification. */
const NOT_IN_THIS_STEP: Partial<Record<HolderRequest, { type: ProblemTitleType; detail: (step: string) => Localised }>> = {
  enter_remittance_amount: { type: 'no-amount-awaited', detail: PROBLEM_DETAILS.noAmountAwaited },
  submit_new_entity: { type: 'new-entity-not-now', detail: PROBLEM_DETAILS.newEntityNotNow },
  resubmit_materials: { type: 'nothing-to-resubmit', detail: PROBLEM_DETAILS.nothingToResubmit },
};

/**
 * The workflow of a visible process that takes this request now (which kinds
 * and steps do: domain/process-requests.ts), to send an update to. Only the
 * holder drives a process; operators read.
 */
export async function openProcessWorkflow(db: Database, temporal: Client, principal: Principal, processId: string, request: HolderRequest) {
  const process = await findVisibleProcess(db, principal, processId);
  if (principal.role !== 'holder') throw problems.forbidden(PROBLEM_DETAILS.holderOnly('drive'));
  const refusal = holderRequestRefusal(request, { ...process, inEnterprisePart: process.partWorkflowId !== null });
  if (refusal?.reason === 'wrong_process_kind') {
    throw problems.conflict('wrong-process-kind', PROBLEM_DETAILS.wrongProcessKind(process.id, process.kind, refusal.for));
  }
  if (refusal?.reason === 'process_closed') throw problems.conflict('process-closed', PROBLEM_DETAILS.processEndedAs(process.id, process.status));
  if (refusal?.reason === 'wrong_change_kind') {
    throw problems.conflict('wrong-process-kind', PROBLEM_DETAILS.wrongChangeKind(process.id, process.method ?? 'unknown', refusal.for), { rule: refusal.rule });
  }
  if (refusal?.reason === 'not_in_this_step') {
    const answer = NOT_IN_THIS_STEP[request] ?? { type: 'not-in-this-step' as const, detail: PROBLEM_DETAILS.notInThisStep };
    throw problems.conflict(answer.type, answer.detail(process.step));
  }
  const { workflowId, runId } = drivingWorkflow(process, request);
  return temporal.workflow.getHandle(workflowId, runId);
}

/** The requests a change's own workflow takes even while its enterprise part runs: they are about the change before that part. */
const CHANGE_OWN_REQUESTS: readonly HolderRequest[] = ['resubmit_materials', 'submit_new_entity'];

/**
 * The workflow that takes a process's requests and reports: a change's
 * enterprise part, a child workflow, once it runs (R-C4 to enterprise,
 * R-C5.5); otherwise the process's own.
 */
export function drivingWorkflow(
  process: Pick<Process, 'workflowId' | 'runId' | 'partWorkflowId' | 'partRunId'>,
  request?: HolderRequest,
): { workflowId: string; runId: string } {
  if (process.partWorkflowId && process.partRunId && !(request && CHANGE_OWN_REQUESTS.includes(request))) {
    return { workflowId: process.partWorkflowId, runId: process.partRunId };
  }
  return { workflowId: process.workflowId, runId: process.runId };
}
