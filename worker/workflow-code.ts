/**
 * The workflow code a worker runs, and how it is bundled: every bundle (the
 * worker's own, the tests', the bench's) takes the same interceptors, so a
 * plain payload is refused wherever the workflows run.
 */
export const WORKFLOWS_PATH = require.resolve('../workflows');
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve('../workflows/unsealed-input')];
