import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Where Netra's replies go during the load bench: a lean stand-in for the Telegram Bot API and the
 * WhatsApp Graph API on loopback that answers like them and only counts (no recording, so it stays flat).
 */
export class PlatformSink {
  readonly counts = new Map<string, number>();
  url = '';
  #server: Server | undefined;
  #messageId = 0;

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '';
        const method = path.split('/').pop() ?? '';
        this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.#answer(path, method, chunks)));
      });
    });
    this.#server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  count(method: string): number {
    return this.counts.get(method) ?? 0;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  #answer(path: string, method: string, chunks: Buffer[]): unknown {
    if (!path.startsWith('/bot')) return { messages: [{ id: `wamid.OUT${(this.#messageId += 1)}` }] };
    if (method === 'getMe') {
      return { ok: true, result: { id: 7_000_001_234, is_bot: true, first_name: 'Netra', username: 'NetraBenchBot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } };
    }
    if (method === 'sendMessage') {
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { chat_id?: number };
      const chatId = Number(payload.chat_id);
      return { ok: true, result: { message_id: (this.#messageId += 1), date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' }, text: '…' } };
    }
    return { ok: true, result: true };
  }
}
