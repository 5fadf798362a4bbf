/**
 * The workflow code a worker runs, and how it is bundled: every bundle (the
 * worker's own, the tests', the bench's) takes the same interceptors, so a
 * plain payload is refused wherever the workflows run, and a process whose
 * workflow failed is closed (R-G7). The first module's interceptors run
 * outermost: a refused unsealed input never reaches the closing one, so a
 * forged start cannot close anything.
 */
export const WORKFLOWS_PATH = require.resolve('../workflows');
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../workflows/unsealed-input'), require.resolve('../workflows/process-ended-in-error')];
