import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type UnreachableMode =
  /** Every connection is reset at once, as when WhatsApp's servers cannot be reached. */
  | 'reset'
  /** The WebSocket upgrade succeeds but the server never answers the Noise handshake (it does honour a close). */
  | 'stall';

export interface UnreachableEndpoint {
  /** The `ws://127.0.0.1:<port>/ws/chat` URL to hand Baileys as `waWebSocketUrl`. */
  url: string;
  /** TCP connections accepted so far: one per connection attempt. */
  connections(): number;
  close(): Promise<void>;
}

const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A loopback endpoint standing in for an unreachable WhatsApp: it refuses or stalls every WebSocket. */
export async function startUnreachableEndpoint(mode: UnreachableMode): Promise<UnreachableEndpoint> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => {
    res.writeHead(426).end();
  });
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (mode === 'reset') socket.resetAndDestroy();
  });
  server.on('upgrade', (req, socket) => {
    const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}${WEBSOCKET_GUID}`).digest('base64');
    socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
    // …and then silence: no Noise server hello ever comes. Only a WebSocket close frame (opcode 8) is answered,
    // by hanging up, so the client's close does not wait for ws' 30 s close timeout.
    socket.on('data', (chunk: Buffer) => {
      if ((chunk[0]! & 0x0f) === 0x8) socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws/chat`,
    connections: () => connections,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
