/**
 * What a Temporal client stand-in needs beside its `workflow`: the API bounds
 * every update by a deadline (api/answer-wait.ts), which a stand-in has no
 * connection to apply.
 */
export const noDeadlines = {
  withDeadline: <T>(_at: number | Date, call: () => Promise<T>): Promise<T> => call(),
};
