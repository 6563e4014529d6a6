import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/** Thrown when a body is over the limit; the caller answers 413. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/**
 * Reads a request body as UTF-8 text, at most `maxBytes` (a larger declared or streamed body throws
 * BodyTooLargeError without reading further). Under @hono/node-server it reads Node's request stream
 * directly: going through `c.req` builds a WHATWG Request and a web stream for every request, which was
 * a measurable share of a webhook's CPU under load. Elsewhere (tests calling `app.request`) it reads `c.req`.
 */
export async function readBodyText(c: Context, maxBytes: number): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const declared = Number(c.req.header('content-length') ?? Number.NaN);
  if (declared > maxBytes) throw new BodyTooLargeError(`body of ${declared} bytes is over ${maxBytes}`);
  if (!incoming || incoming.readableDidRead) return readThroughHono(c, maxBytes);

  return readNodeStream(incoming, maxBytes);
}

/** Collects the stream; past the limit it stops listening and leaves the rest unread (answer with `Connection: close`). */
function readNodeStream(incoming: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      detach();
      incoming.pause();
      reject(new BodyTooLargeError(`body over ${maxBytes} bytes`));
    };
    const onEnd = () => {
      detach();
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    const onError = (error: Error) => {
      detach();
      reject(error);
    };
    const onClose = () => {
      detach();
      reject(new Error('request closed before its body ended'));
    };
    function detach(): void {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    }
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

async function readThroughHono(c: Context, maxBytes: number): Promise<string> {
  const text = await c.req.text();
  if (Buffer.byteLength(text) > maxBytes) throw new BodyTooLargeError(`body over ${maxBytes} bytes`);
  return text;
}
