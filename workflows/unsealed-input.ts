import {
  ApplicationFailure,
  log,
  type ActivityInput,
  type LocalActivityInput,
  type Next,
  type QueryInput,
  type SignalInput,
  type StartChildWorkflowExecutionInput,
  type UpdateInput,
  type WorkflowExecuteInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
  type WorkflowOutboundCallsInterceptor,
} from '@temporalio/workflow';
import { anyUnsealed, isUnsealed } from '../codec/unsealed-payload';
import { signalHasItsShape } from './signal-shapes';


/**
 * Temporal is a trust boundary: whoever reaches its frontend can signal,
 * update, start and complete activities without the API, its tokens or the
 * webhook signatures. Only holders of the payload keys can seal a payload, so
 * the worker's codec marks every plain one (codec/unsealed-payload.ts) and
 * this interceptor keeps it from any process: a signal is dropped (the process
 * goes on as if it never came, so nobody can jam it either), an update, a
 * query or a start is refused, an activity or child result fails the call.
 */
export const UNSEALED_PAYLOAD_FAILURE = 'UnsealedPayloadRefused';

const refusal = (what: string) =>
  ApplicationFailure.create({
    type: UNSEALED_PAYLOAD_FAILURE,
    message: `${what} came unencrypted: only the API and the worker write to Temporal`,
    nonRetryable: true,
  });

class RefuseUnsealedInbound implements WorkflowInboundCallsInterceptor {
  async execute(input: WorkflowExecuteInput, next: Next<WorkflowInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    if (anyUnsealed(input.args)) throw refusal('the workflow input');
    return next(input);
  }

  async handleSignal(input: SignalInput, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>): Promise<void> {
    if (anyUnsealed(input.args)) {
      log.warn('dropped an unencrypted signal', { signal: input.signalName });
      return;
    }
    // Anyone who reaches Temporal can send a signal with no payload at all. No
    // history ever held a signal of another shape (the API and the worker send
    // them), so dropping those replays as it ran.
    if (!signalHasItsShape(input.signalName, input.args)) {
      log.warn('dropped a signal without its sealed argument', { signal: input.signalName });
      return;
    }
    return next(input);
  }

  // Every update that changes a process has a validator, so this runs for each of them (not on replay).
  validateUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'validateUpdate'>): void {
    if (anyUnsealed(input.args)) throw refusal(`update ${input.name}`);
    if (input.args.length === 0) {
      throw ApplicationFailure.create({
        type: UNSEALED_PAYLOAD_FAILURE,
        message: `update ${input.name} came without its sealed argument: only the API and the worker write to Temporal`,
        nonRetryable: true,
      });
    }
    next(input);
  }

  // Updates without a validator are refused here, once accepted.
  async handleUpdate(input: UpdateInput, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>): Promise<unknown> {
    if (anyUnsealed(input.args)) throw refusal(`update ${input.name}`);
    return next(input);
  }

  async handleQuery(input: QueryInput, next: Next<WorkflowInboundCallsInterceptor, 'handleQuery'>): Promise<unknown> {
    if (anyUnsealed(input.args)) throw refusal(`query ${input.queryName}`);
    return next(input);
  }
}

class RefuseUnsealedOutbound implements WorkflowOutboundCallsInterceptor {
  async scheduleActivity(input: ActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleActivity'>): Promise<unknown> {
    const result = await next(input);
    if (isUnsealed(result)) throw refusal(`the result of activity ${input.activityType}`);
    return result;
  }

  async scheduleLocalActivity(input: LocalActivityInput, next: Next<WorkflowOutboundCallsInterceptor, 'scheduleLocalActivity'>): Promise<unknown> {
    const result = await next(input);
    if (isUnsealed(result)) throw refusal(`the result of activity ${input.activityType}`);
    return result;
  }

  async startChildWorkflowExecution(
    input: StartChildWorkflowExecutionInput,
    next: Next<WorkflowOutboundCallsInterceptor, 'startChildWorkflowExecution'>,
  ): Promise<[Promise<string>, Promise<unknown>]> {
    const [started, completed] = await next(input);
    const checked = completed.then((result) => {
      if (isUnsealed(result)) throw refusal(`the result of child workflow ${input.workflowType}`);
      return result;
    });
    // As the SDK does for the promise it hands here: a child that ends (terminated, cancelled) before the parent asks
    // for its result would otherwise be an unhandled rejection, which fails every workflow task; result() still rejects.
    checked.catch(() => undefined);
    return [started, checked];
  }
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [new RefuseUnsealedInbound()],
  outbound: [new RefuseUnsealedOutbound()],
});
