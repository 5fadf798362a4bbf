// The process read is the shared read model's (read-model/process-read.ts), which the
// worker's platform events use too; re-exported for the event stream's route, which imports it from here.
export { readProcessWithSteps } from '../read-model/process-read';
