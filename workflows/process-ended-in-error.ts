import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  ChildWorkflowFailure,
  isCancellation,
  log,
  proxyActivities,
  TemporalFailure,
  TerminatedFailure,
  TimeoutFailure,
  upsertSearchAttributes,
  workflowInfo,
  type Next,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import type { ProcessEndActivities, WorkflowFailureSummary } from '../activities/process-ended-in-error';
import { ACTIVITY_OPTIONS } from './activity-options';
import { VerificationStatus } from './search-attributes';

/**
 * R-G7: every process ends, and a finished one never looks open. A process
 * workflow fails when one of its activities gives up (worker/activity-failures.ts)
 * or its code raises a failure it does not handle; its row in `processes`
 * would then stay `open`, showing the holder a process nothing drives. This
 * interceptor closes the row as `failed` with `internal_error` and queues the
 * outcome notice (activities/process-ended-in-error.ts), then rethrows, so the
 * workflow still fails with its own failure for operators.
 *
 * Only what ends the workflow: a TemporalFailure (a plain Error fails the
 * workflow task instead, which is retried until a fixed worker replays past
 * it, so it must not schedule anything). A workflow cancelled from outside (an
 * operator in the Web UI) closes its row too, with reason `cancelled`, and
 * still ends cancelled. The activity runs only on these paths, which no
 * recorded history takes, so replay of running processes is unaffected.
 */
const PROCESS_WORKFLOW_TYPES: ReadonlySet<string> = new Set(['individualVerification', 'enterpriseVerification', 'subjectChange']);

const { closeProcessEndedInError } = proxyActivities<ProcessEndActivities>({
  ...ACTIVITY_OPTIONS,
  // Bounded: a database down for minutes leaves the row open, and the give-up is listed for operators.
  retry: { ...ACTIVITY_OPTIONS.retry, maximumAttempts: 10 },
});

const NAME_LENGTH = 100;
const nameOf = (value: string | null | undefined) => (value ? value.slice(0, NAME_LENGTH) : undefined);

/** What failed the workflow, as names and types: a failure's message may quote personal data. */
function summaryOf(error: TemporalFailure): WorkflowFailureSummary {
  let failureType: string | undefined;
  let cause: unknown = error;
  for (let depth = 0; depth < 8 && cause instanceof TemporalFailure && failureType === undefined; depth++) {
    if (cause instanceof ApplicationFailure) failureType = nameOf(cause.type ?? 'ApplicationFailure');
    cause = cause.cause;
  }
  const activityType = error instanceof ActivityFailure ? nameOf(error.activityType) : undefined;
  const childWorkflowType = error instanceof ChildWorkflowFailure ? nameOf(error.workflowType) : undefined;
  return {
    failure: nameOf(error.name) ?? 'TemporalFailure',
    ...(activityType ? { activityType } : {}),
    ...(childWorkflowType ? { childWorkflowType } : {}),
    ...(failureType ? { failureType } : {}),
  };
}

function failsTheWorkflow(error: unknown): error is TemporalFailure {
  return error instanceof TemporalFailure;
}

/** Cancelled from outside (an operator in the Web UI, `temporal workflow cancel`), not failed: the process ends with its own reason. */
function cancelledFromOutside(error: TemporalFailure): boolean {
  // The interceptor runs outside any scope of the workflow's own: the current scope is the workflow's root.
  return isCancellation(error) && CancellationScope.current().consideredCancelled;
}

/** The children a process waits on: a change's enterprise part, and a review (R-E6.3, R-C5.4, R-C6). */
const PART_WORKFLOW_TYPES: ReadonlySet<string> = new Set(['enterpriseVerification', 'manualReview']);

/**
 * A child the process waits on, or a child of that child (a change's
 * enterprise part's review), was stopped from outside (an operator in the Web
 * UI): terminated or timed out, what the sweep (worker/terminated-run-sweep.ts)
 * says of a process workflow itself, or cancelled. Said at once by the parent
 * it failed; null when no child was stopped so.
 */
function partStoppedFromOutside(error: TemporalFailure): 'terminated' | 'cancelled' | null {
  let link: unknown = error;
  for (let depth = 0; depth < 4 && link instanceof ChildWorkflowFailure && PART_WORKFLOW_TYPES.has(link.workflowType); depth++) {
    if (link.cause instanceof TerminatedFailure || link.cause instanceof TimeoutFailure) return 'terminated';
    if (link.cause instanceof CancelledFailure) return 'cancelled';
    link = link.cause;
  }
  return null;
}

const ended = () =>
  ApplicationFailure.create({ type: 'ProcessNotOpen', message: 'the process ended in an internal error', nonRetryable: true });

class CloseProcessEndedInError implements WorkflowInboundCallsInterceptor {
  /** Set once the workflow function has failed: the process is closing, and takes no more requests. */
  private ending = false;

  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (error) {
      if (failsTheWorkflow(error)) {
        this.ending = true;
        await this.close((input.args[0] as { processId?: unknown } | undefined)?.processId, error);
      }
      throw error;
    }
  }

  // The view the workflow's handlers check still says open: an update now could write an open step after the closing one.
  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    if (this.ending) throw ended();
    next(input);
  }

  async handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    if (this.ending) throw ended();
    return next(input);
  }

  private async close(processId: unknown, error: TemporalFailure): Promise<void> {
    const failure = summaryOf(error);
    const reason = cancelledFromOutside(error) ? 'cancelled' : (partStoppedFromOutside(error) ?? 'internal_error');
    if (typeof processId !== 'string' || processId === '') {
      log.warn('a process workflow failed without a process id to close', { ...failure });
      return;
    }
    try {
      // Not cancellable: a cancel request arriving now must not leave the row open.
      const { result } = await CancellationScope.nonCancellable(() => closeProcessEndedInError({ processId, at: Date.now(), failure, reason }));
      log.warn('a process workflow failed; its process was closed', { processId, result, ...failure });
      if (result === 'closed') upsertSearchAttributes([{ key: VerificationStatus, value: 'failed' }]);
    } catch (closeError) {
      // Its give-up is listed for operators; the workflow fails with its own failure all the same.
      log.error('a process workflow failed and its process could not be closed', {
        processId,
        ...failure,
        closeFailure: closeError instanceof Error ? closeError.name : typeof closeError,
      });
    }
  }
}

export const interceptors: WorkflowInterceptorsFactory = () =>
  PROCESS_WORKFLOW_TYPES.has(workflowInfo().workflowType) ? { inbound: [new CloseProcessEndedInError()] } : {};
