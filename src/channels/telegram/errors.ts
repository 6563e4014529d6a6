import { BotError, GrammyError, HttpError } from 'grammy';

/** A log-safe description of an error from grammY or our handlers. */
export interface ErrorSummary {
  kind: 'telegram' | 'network' | 'handler';
  message: string;
  method?: string;
  code?: number;
  /** For bugs in our own handlers. */
  stack?: string;
}

/**
 * Never log a grammY error object as is: an HttpError wraps the fetch error, whose message carries
 * the request URL, and that URL contains the bot token. This keeps the method, code and description.
 */
export function summarizeError(error: unknown, token?: string): ErrorSummary {
  const inner = error instanceof BotError ? error.error : error;
  const redact = (text: string) => (token ? text.split(token).join('[redacted]') : text);
  if (inner instanceof GrammyError) {
    return { kind: 'telegram', method: inner.method, code: inner.error_code, message: redact(inner.description) };
  }
  if (inner instanceof HttpError) return { kind: 'network', message: redact(inner.message) };
  if (inner instanceof Error) {
    return { kind: 'handler', message: redact(`${inner.name}: ${inner.message}`), ...(inner.stack ? { stack: redact(inner.stack) } : {}) };
  }
  return { kind: 'handler', message: redact(String(inner)) };
}

/** 403: the user blocked the bot, left the group, or the chat is gone; nothing to retry. */
export function isForbidden(error: unknown): boolean {
  const inner = error instanceof BotError ? error.error : error;
  return inner instanceof GrammyError && inner.error_code === 403;
}

/** Editing a message into the state it is already in; harmless (e.g. a double press). */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /not modified/i.test(error.description);
}
