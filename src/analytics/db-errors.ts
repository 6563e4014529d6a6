/**
 * Database errors as the query log sees them. drizzle wraps driver errors in a DrizzleQueryError whose
 * message lists the query parameters — users' questions and keys — so only the cause is ever logged.
 */

export interface DbErrorSummary {
  /** SQLSTATE for server errors, or the driver/system code (ECONNREFUSED, CONNECTION_CLOSED…). */
  code: string | undefined;
  message: string;
}

function causeOf(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5; depth++) {
    const next = (current as { cause?: unknown } | null)?.cause;
    if (next === undefined || next === null) break;
    current = next;
  }
  return current;
}

/** Code and message of the underlying driver error, safe to log (no query parameters). */
export function describeDbError(error: unknown): DbErrorSummary {
  const cause = causeOf(error);
  const code = (cause as { code?: unknown } | null)?.code;
  const raw = cause instanceof Error ? cause.message : String(cause);
  // A server error message may quote a value ("invalid input syntax for type uuid: "…""): keep only its first clause.
  const message = raw.split('\n')[0]!.replace(/:\s*".*$/, '').slice(0, 200);
  return { code: typeof code === 'string' ? code : undefined, message };
}

/**
 * True when the rows themselves are bad (SQLSTATE class 22 data exception, 23 integrity violation,
 * 54 program limit such as an oversized index entry): retrying the same batch can never succeed, so
 * the bad rows must be isolated. Everything else (connection refused or cut, timeouts, server
 * shutting down) is worth retrying.
 */
export function isRowError(error: unknown): boolean {
  const { code } = describeDbError(error);
  return code !== undefined && /^(22|23|54)[0-9A-Z]{3}$/.test(code);
}
