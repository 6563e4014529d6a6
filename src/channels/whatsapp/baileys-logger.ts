import type { ILogger } from '@whiskeysockets/baileys/lib/Utils/logger.js';
import type { Logger } from '../../logger.js';

/** JIDs carry phone numbers (`628…@s.whatsapp.net`) or LIDs; neither may reach our logs. */
const JID = /\+?\d{5,}(?::\d+)?@(?:s\.whatsapp\.net|c\.us|lid|g\.us|hosted\.lid|hosted|broadcast|newsletter)\b/g;
const LONG_NUMBER = /\b\d{9,}\b/g;

export function scrubText(text: string): string {
  return text.replace(JID, '[jid]').replace(LONG_NUMBER, '[number]');
}

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value instanceof Error) {
    const statusCode = (value as { output?: { statusCode?: number } }).output?.statusCode;
    return { type: value.name, message: scrubText(value.message), ...(statusCode ? { statusCode } : {}), stack: value.stack ? scrubText(value.stack) : undefined };
  }
  if (depth >= 4 || value === null || typeof value !== 'object') return typeof value === 'object' && value !== null ? '[object]' : value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.length} bytes]`;
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}

/**
 * The logger handed to Baileys: only warnings and errors reach our log (Baileys' debug output is a firehose
 * of JIDs and frames), and every string is scrubbed of JIDs and phone numbers first.
 */
export function baileysLogger(log: Logger, bindings: Record<string, unknown> = { module: 'baileys' }): ILogger {
  const target = log.child(bindings);
  const forward = (level: 'warn' | 'error') => (obj: unknown, msg?: string) => {
    if (typeof obj === 'string' && msg === undefined) return target[level](scrubText(obj));
    const fields = scrub(typeof obj === 'object' && obj !== null ? obj : { detail: obj });
    target[level](fields as object, msg ? scrubText(msg) : undefined);
  };
  const ignore = () => {};
  return {
    level: 'warn',
    child: (extra) => baileysLogger(log, { ...bindings, ...(scrub(extra) as Record<string, unknown>) }),
    trace: ignore,
    debug: ignore,
    info: ignore,
    warn: forward('warn'),
    error: forward('error'),
  };
}
