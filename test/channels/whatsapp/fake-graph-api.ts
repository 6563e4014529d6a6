import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/**
 * A local stand-in for Meta's Graph API on loopback: records every request and answers like
 * `POST /{phone-number-id}/messages` does. `failNext` makes the next calls fail with a given status.
 */
export class FakeGraphApi {
  readonly requests: GraphRequest[] = [];
  #server: Server | undefined;
  #failures: { status: number; body: unknown }[] = [];
  #counter = 0;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const release of this.#held.splice(0)) release();
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  failNext(status: number, times = 1, body: unknown = { error: { message: 'Service temporarily unavailable', type: 'OAuthException', code: 2 } }): void {
    for (let i = 0; i < times; i++) this.#failures.push({ status, body });
  }

  /** The outgoing chat messages (not read receipts). */
  messages(): Record<string, unknown>[] {
    return this.requests.map((r) => r.body).filter((b) => b['type'] !== undefined);
  }

  #held: (() => void)[] = [];
  #arrived: (() => void) | undefined;

  /**
   * From now on no request is answered until the fake stops: a Graph API that hangs, or a process killed
   * while it waited. Resolves when the first held request arrives.
   */
  hold(): Promise<void> {
    return new Promise((arrived) => (this.#arrived = arrived));
  }

  /** How long every answer is held back (a slow Graph API). */
  delayMs = 0;

  reset(): void {
    this.requests.length = 0;
    this.#failures.length = 0;
    this.delayMs = 0;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      // recorded as empty
    }
    if (this.#arrived) {
      this.#arrived();
      this.#arrived = () => undefined;
      await new Promise<void>((release) => this.#held.push(release));
      return;
    }
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body });
    const failure = this.#failures.shift();
    res.setHeader('content-type', 'application/json');
    if (failure) {
      res.statusCode = failure.status;
      res.end(JSON.stringify(failure.body));
      return;
    }
    if (body['status'] === 'read') {
      res.end(JSON.stringify({ success: true }));
      return;
    }
    this.#counter++;
    res.end(
      JSON.stringify({
        messaging_product: 'whatsapp',
        contacts: [{ input: body['to'], wa_id: body['to'] }],
        messages: [{ id: `wamid.OUT${String(this.#counter).padStart(4, '0')}` }],
      }),
    );
  }
}
