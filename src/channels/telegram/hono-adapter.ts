import type { Context } from 'hono';

const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

/**
 * grammY's webhook adapter for Hono, replacing grammY's own `'hono'` adapter: that one passes the webhook
 * reply (a JSON text grammY already built) through `c.json()`, which encodes it a second time, and
 * Telegram ignores a body that is a JSON string. Here the text goes out as it is.
 */
export function honoWebhookAdapter(c: Context) {
  let resolveResponse!: (response: Response) => void;
  return {
    get update() {
      return c.req.json();
    },
    header: c.req.header(SECRET_HEADER),
    end: () => resolveResponse(c.body(null, 200)),
    respond: (json: string) => resolveResponse(c.body(json, 200, { 'Content-Type': 'application/json' })),
    unauthorized: () => resolveResponse(c.body(null, 401)),
    handlerReturn: new Promise<Response>((resolve) => (resolveResponse = resolve)),
  };
}
