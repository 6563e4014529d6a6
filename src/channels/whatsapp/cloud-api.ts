import type { Logger } from '../../logger.js';
import type { GraphMessage } from './cloud-render.js';

export interface GraphClientOptions {
  /** e.g. https://graph.facebook.com/v21.0 */
  apiRoot: string;
  phoneNumberId: string;
  token: string;
  log: Logger;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** First retry delay; it doubles for each further attempt. */
  retryDelayMs?: number;
}

export interface GraphClient {
  /** POSTs one payload to /{phone-number-id}/messages. True on success; failures are logged, never thrown. */
  send(payload: GraphMessage): Promise<boolean>;
}

/** One try and three retries (after 1, 2 and 4 s by default): rides out a short Graph API hiccup. */
const ATTEMPTS = 4;

/** A minimal WhatsApp Cloud API client: one endpoint, bearer auth, a timeout and retries with backoff on 429/5xx/network errors. */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.apiRoot.replace(/\/+$/, '')}/${encodeURIComponent(options.phoneNumberId)}/messages`;
  const log = options.log;

  return {
    async send(payload) {
      for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
        let retryable: boolean;
        try {
          const response = await doFetch(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${options.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(payload),
            signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
          });
          if (response.ok) {
            await response.body?.cancel();
            return true;
          }
          const detail = (await response.json().catch(() => null)) as { error?: { code?: number; message?: string } } | null;
          retryable = response.status === 429 || response.status >= 500;
          log.error({ status: response.status, code: detail?.error?.code, message: detail?.error?.message, attempt }, 'whatsapp cloud: Graph API refused the message');
        } catch (error) {
          retryable = true;
          log.error({ err: error, attempt }, 'whatsapp cloud: Graph API request failed');
        }
        if (!retryable || attempt === ATTEMPTS) return false;
        await new Promise((resolve) => setTimeout(resolve, (options.retryDelayMs ?? 1_000) * 2 ** (attempt - 1)));
      }
      return false;
    },
  };
}
