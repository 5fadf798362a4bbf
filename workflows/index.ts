// The worker's workflow bundle entry: every workflow type the worker runs.
export { individualVerification } from './individual/workflow';
export { enterpriseVerification } from './enterprise/workflow';
export { manualReview } from './review/workflow';
export { subjectChange } from './change/workflow';
