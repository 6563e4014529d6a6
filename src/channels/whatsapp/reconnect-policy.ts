import { DisconnectReason } from '@whiskeysockets/baileys';

/** What the session supervisor does when WhatsApp closes the socket. Pure: no clock, no I/O. */
export type CloseAction =
  /** Open a new socket after `delayMs` with the same session. */
  | { kind: 'reconnect'; delayMs: number; countsAsFailure: boolean }
  /** 401 loggedOut: the session is dead. Delete it and start a fresh login (new QR / pairing code). */
  | { kind: 'relogin' }
  /** 440 connectionReplaced: another client holds this session. Reconnecting would evict it and loop. */
  | { kind: 'halt' };

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 };
/** After an unscanned QR window (408 on a socket that issued a QR) a new QR is due, not an outage backoff. */
export const QR_RENEW_DELAY_MS = 1_000;
/** While the delay stays at the cap, only every this-many attempts is logged at warn (the rest at info). */
export const WARN_EVERY_AT_CAP = 10;

/**
 * The delay before reconnect attempt `failures` (0-based): exponential, capped, with "equal jitter" —
 * uniformly in [cap/2, cap] — so replicas and restarts do not reconnect in lockstep, yet never hammer.
 */
export function backoffDelay(failures: number, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(failures, 30)));
  return Math.round(cap / 2 + (cap / 2) * Math.min(1, Math.max(0, random())));
}

export interface CloseInfo {
  /** `lastDisconnect.error.output.statusCode` (a Boom), if any. */
  statusCode: number | undefined;
  /**
   * Whether WhatsApp issued a login QR (or pairing prompt) on the socket that closed. Only then is a 408 the end
   * of an unscanned QR window; a 408 before any QR means the connection never opened (network or WhatsApp down).
   */
  qrIssued: boolean;
  /** Consecutive failed attempts so far. */
  failures: number;
}

export function decideOnClose(close: CloseInfo, random: () => number, policy: BackoffPolicy = DEFAULT_BACKOFF): CloseAction {
  switch (close.statusCode) {
    case DisconnectReason.loggedOut:
      return { kind: 'relogin' };
    case DisconnectReason.connectionReplaced:
      return { kind: 'halt' };
    case DisconnectReason.restartRequired:
      // Normal right after a QR scan / pairing: WhatsApp wants a socket with the new creds.
      return { kind: 'reconnect', delayMs: 0, countsAsFailure: false };
    case DisconnectReason.timedOut:
      if (close.qrIssued) return { kind: 'reconnect', delayMs: QR_RENEW_DELAY_MS, countsAsFailure: false };
      break;
  }
  return { kind: 'reconnect', delayMs: backoffDelay(close.failures, random, policy), countsAsFailure: true };
}

/**
 * How loudly to log failed attempt `failures` (0-based): warn once per backoff step — each attempt whose delay
 * doubled — then, once the delay sits at the cap, warn every WARN_EVERY_AT_CAP attempts and say the rest at info.
 */
export function reconnectLogLevel(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF): 'warn' | 'info' {
  const stepsToCap = Math.ceil(Math.log2(policy.maxMs / policy.baseMs));
  if (failures <= stepsToCap) return 'warn';
  return (failures - stepsToCap) % WARN_EVERY_AT_CAP === 0 ? 'warn' : 'info';
}

/** The numeric status code of a Baileys disconnect error (a Boom), if it has one. */
export function disconnectStatusCode(error: unknown): number | undefined {
  const output = (error as { output?: { statusCode?: unknown } } | undefined)?.output;
  return typeof output?.statusCode === 'number' ? output.statusCode : undefined;
}

export function disconnectReasonName(statusCode: number | undefined): string {
  if (statusCode === undefined) return 'unknown';
  const name = (DisconnectReason as unknown as Record<number, string>)[statusCode];
  return name ? `${name} (${statusCode})` : String(statusCode);
}
