import type { Context } from 'hono';

const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/**
 * grammY's webhook adapter for Hono, replacing grammY's own `'hono'` adapter for two reasons: that one
 * passes a webhook reply (a JSON text grammY already built) through `c.json()`, which encodes it a
 * second time, and Telegram ignores a body that is a JSON string; and it reads the update through
 * `c.req`, while `readUpdate` here can take the cheaper path (src/http/node-body.ts).
 */
export function honoWebhookAdapter(c: Context, readUpdate: () => Promise<unknown>) {
  let resolveResponse!: (response: Response) => void;
  return {
    get update() {
      // grammY checks the update's shape itself (and our first middleware refuses a non-update).
      return readUpdate() as Promise<never>;
    },
    header: c.req.header(SECRET_HEADER),
    end: () => resolveResponse(c.body(null, 200)),
    respond: (json: string) => resolveResponse(c.body(json, 200, { 'Content-Type': 'application/json' })),
    unauthorized: () => resolveResponse(c.body(null, 401)),
    handlerReturn: new Promise<Response>((resolve) => (resolveResponse = resolve)),
  };
}
