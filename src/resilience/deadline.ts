/** Thrown when a call did not finish before its deadline. */
export class DeadlineError extends Error {
  override name = 'DeadlineError';
  readonly code = 'DEADLINE_EXCEEDED';
}

/**
 * Resolves or rejects like `promise`, but rejects with a DeadlineError after `ms`. The call itself keeps
 * running (a driver cannot always be cancelled); callers must be safe if it completes late.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
