import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback between a client and a server, for cutting the connection on purpose:
 * `cut()` closes every connection and stops listening (new connections are refused), `restore()`
 * listens again on the same port.
 */
export class TcpProxy {
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  #port = 0;
  #silent = false;
  /** Connections accepted since start, for checking that the client really reconnected. */
  connections = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get port(): number {
    return this.#port;
  }

  async start(): Promise<number> {
    await this.#listen(0);
    return this.#port;
  }

  /** Drops every open connection and refuses new ones until `restore()`. */
  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    const closed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await closed;
  }

  async restore(): Promise<void> {
    this.#silent = false;
    if (!this.#server) await this.#listen(this.#port);
  }

  /**
   * A black hole: connections stay open and new ones are accepted, but nothing is forwarded any more
   * (a dropped route or a frozen server: no FIN, no RST, just silence) until `cut()` or `restore()`.
   */
  silence(): void {
    this.#silent = true;
    for (const socket of this.#sockets) {
      socket.unpipe();
      socket.pause();
    }
  }

  async close(): Promise<void> {
    await this.cut();
  }

  async #listen(port: number): Promise<void> {
    const server = createServer((client) => {
      this.connections += 1;
      if (this.#silent) {
        this.#sockets.add(client);
        client.pause();
        return;
      }
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      this.#sockets.add(client);
      this.#sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.#sockets.delete(client);
        this.#sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as { port: number }).port;
    this.#server = server;
  }
}
