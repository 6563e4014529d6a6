import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Bot API request as the fake server received it. */
export interface RecordedCall {
  method: string;
  token: string;
  payload: Record<string, unknown>;
  /** The HTTP status the fake answered with; 0 when it cut the connection instead. */
  status: number;
}

export type InjectedFailure =
  | { status: 429; retryAfter: number }
  | { status: 500 }
  | { status: 403; description?: string }
  | { status: 400; description: string }
  | { status: 401 }
  /** The connection is cut before any answer (a network failure, as grammY sees it). */
  | { status: 0 };

export const FAKE_BOT = {
  id: 7_000_001_234,
  is_bot: true as const,
  first_name: 'Netra',
  username: 'NetraTestBot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
};

/**
 * A local stand-in for api.telegram.org on loopback: it speaks the Bot API's HTTP shape
 * (`POST /bot<token>/<method>` with a JSON body, `{ok, result}` / `{ok: false, error_code, description}`),
 * records every call, answers with realistic results, and can be told to fail a method.
 */
export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  url = '';
  webhook: { url: string; secret_token?: string; allowed_updates?: string[] } | null = null;
  #server: Server | undefined;
  #failures = new Map<string, InjectedFailure[]>();
  #updates: Record<string, unknown>[] = [];
  #waiters: (() => void)[] = [];
  #nextMessageId = 5_000;
  #holds = new Map<string, () => void>();
  #releases: (() => void)[] = [];

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(({ status, body }) => {
        if (status === 0) {
          req.socket.destroy();
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const wake of this.#waiters.splice(0)) wake();
    for (const release of this.#releases.splice(0)) release();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  /** The next `times` calls of `method` fail as given. */
  failNext(method: string, failure: InjectedFailure, times = 1): void {
    const queue = this.#failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    this.#failures.set(method, queue);
  }

  /**
   * The next call of `method` gets no answer until the fake stops: a Bot API that hangs, or a process
   * killed while it waited. Resolves when that call arrives. A held call is recorded only if its client
   * is still connected when released (status 0 otherwise).
   */
  holdNext(method: string): Promise<void> {
    return new Promise((arrived) => this.#holds.set(method, arrived));
  }

  /** Queues an update for getUpdates (long polling). */
  pushUpdate(update: Record<string, unknown>): void {
    this.#updates.push(update);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Calls other than the start-up getMe and the long-polling getUpdates. */
  replies(): RecordedCall[] {
    return this.calls.filter((c) => c.method !== 'getMe' && c.method !== 'getUpdates' && c.method !== 'getWebhookInfo');
  }

  reset(): void {
    this.calls.length = 0;
    this.#failures.clear();
  }

  async #handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    const raw = await readBody(req);
    if (!match) return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } };
    const [, token = '', method = ''] = match;
    const payload = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const arrived = this.#holds.get(method);
    if (arrived) {
      this.#holds.delete(method);
      arrived();
      await new Promise<void>((release) => this.#releases.push(release));
      if (req.socket.destroyed) {
        this.calls.push({ method, token, payload, status: 0 });
        return { status: 0, body: null };
      }
    }
    const failure = this.#failures.get(method)?.shift();
    const { status, body } = failure ? failureResponse(failure) : await this.#answer(method, payload);
    this.calls.push({ method, token, payload, status });
    return { status, body };
  }

  async #answer(method: string, payload: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });
    switch (method) {
      case 'getMe':
        return ok(FAKE_BOT);
      case 'sendMessage': {
        const chatId = Number(payload.chat_id);
        return ok({
          message_id: (this.#nextMessageId += 1),
          from: { id: FAKE_BOT.id, is_bot: true, first_name: FAKE_BOT.first_name, username: FAKE_BOT.username },
          chat: chatId > 0 ? { id: chatId, type: 'private', first_name: 'Pengguna' } : { id: chatId, type: 'supergroup', title: 'Grup' },
          date: Math.floor(Date.now() / 1000),
          text: String(payload.text ?? '').replace(/<[^>]+>/g, ''),
          ...(payload.reply_markup ? { reply_markup: payload.reply_markup } : {}),
        });
      }
      case 'editMessageReplyMarkup':
        return ok({
          message_id: Number(payload.message_id),
          from: { id: FAKE_BOT.id, is_bot: true, first_name: FAKE_BOT.first_name, username: FAKE_BOT.username },
          chat: { id: Number(payload.chat_id), type: Number(payload.chat_id) > 0 ? 'private' : 'supergroup' },
          date: Math.floor(Date.now() / 1000),
          text: '…',
          ...(payload.reply_markup ? { reply_markup: payload.reply_markup } : {}),
        });
      case 'setWebhook':
        this.webhook = {
          url: String(payload.url),
          ...(typeof payload.secret_token === 'string' ? { secret_token: payload.secret_token } : {}),
          ...(Array.isArray(payload.allowed_updates) ? { allowed_updates: payload.allowed_updates as string[] } : {}),
        };
        return ok(true);
      case 'deleteWebhook':
        this.webhook = null;
        return ok(true);
      case 'getWebhookInfo':
        return ok({
          url: this.webhook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.#updates.length,
          ...(this.webhook ? { max_connections: 40, ip_address: '127.0.0.1', allowed_updates: this.webhook.allowed_updates } : {}),
        });
      case 'getUpdates':
        return ok(await this.#nextUpdates(payload));
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'setMyDescription':
      case 'setMyShortDescription':
      case 'sendChatAction':
        return ok(true);
      default:
        return { status: 404, body: { ok: false, error_code: 404, description: 'Not Found: method not found' } };
    }
  }

  /** Long polling: confirmed updates (below `offset`) are dropped; waits briefly when none are queued. */
  async #nextUpdates(payload: Record<string, unknown>): Promise<unknown[]> {
    const offset = Number(payload.offset ?? 0);
    this.#updates = this.#updates.filter((u) => Number(u.update_id) >= offset);
    if (this.#updates.length === 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const limit = Number(payload.limit ?? 100);
    return this.#updates.filter((u) => Number(u.update_id) >= offset).slice(0, limit);
  }
}

function failureResponse(failure: InjectedFailure): { status: number; body: unknown } {
  switch (failure.status) {
    case 429:
      return {
        status: 429,
        body: {
          ok: false,
          error_code: 429,
          description: `Too Many Requests: retry after ${failure.retryAfter}`,
          parameters: { retry_after: failure.retryAfter },
        },
      };
    case 500:
      return { status: 500, body: { ok: false, error_code: 500, description: 'Internal Server Error' } };
    case 403:
      return { status: 403, body: { ok: false, error_code: 403, description: failure.description ?? 'Forbidden: bot was blocked by the user' } };
    case 400:
      return { status: 400, body: { ok: false, error_code: 400, description: failure.description } };
    case 401:
      return { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } };
    case 0:
      return { status: 0, body: null };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Resolves once `predicate` holds, checking after every event-loop turn (for background work such as polling). */
export async function eventually(predicate: () => boolean, what: string, attempts = 500): Promise<void> {
  for (let i = 0; i < attempts; i += 1) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for: ${what}`);
}
