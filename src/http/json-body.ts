import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { Logger } from '../logger.js';

/** Rejects bodies over `maxSize` bytes with 413 and a JSON error, including chunked uploads. */
export function jsonBodyLimit(maxSize: number, log: Logger): MiddlewareHandler {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      log.warn({ path: c.req.path, maxSize }, 'request body too large');
      // The rest of the body is never read, so the connection cannot carry another request: say so.
      c.header('Connection', 'close');
      return c.json({ error: 'payload_too_large', message: `Pesan terlalu besar (maksimal ${Math.floor(maxSize / 1024)} KiB).` }, 413);
    },
  });
}

export type ParsedBody<T> = { ok: true; value: T } | { ok: false; response: Response };

/** Reads and validates a JSON body; malformed or invalid input becomes a 400 with a JSON error, never a throw. */
export async function readJsonBody<T>(c: Context, schema: z.ZodType<T>, log: Logger): Promise<ParsedBody<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    log.warn({ path: c.req.path }, 'malformed JSON body');
    return { ok: false, response: c.json({ error: 'invalid_json', message: 'Isi permintaan bukan JSON yang valid.' }, 400) };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    log.warn({ path: c.req.path, detail }, 'invalid request body');
    return { ok: false, response: c.json({ error: 'invalid_request', message: 'Permintaan tidak valid.', detail }, 400) };
  }
  return { ok: true, value: parsed.data };
}
