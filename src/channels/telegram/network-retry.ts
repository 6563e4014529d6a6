import { HttpError, type Transformer } from 'grammy';

/**
 * Bounded retries for network failures (HttpError: connection refused, reset, DNS). auto-retry would
 * retry those forever, which in webhook mode keeps a handler (and its memory) alive for as long as
 * Telegram is unreachable; a couple of quick attempts cover a blip, then the reply is logged as lost.
 */
export function retryNetworkErrors(delaysMs: readonly number[] = [500, 1500]): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await prev(method, payload, signal);
      } catch (error) {
        const delay = delaysMs[attempt];
        if (!(error instanceof HttpError) || delay === undefined || signal?.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  };
}
