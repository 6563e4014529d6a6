import { createHash, timingSafeEqual } from 'node:crypto';
import type { Hono } from 'hono';
import { pseudonymousUserKey } from '../../core/pseudonym.js';
import { jsonBodyLimit } from '../../http/json-body.js';
import { BUSY_RETRY_AFTER_SECONDS, type ClaimResult } from '../inbound-claims.js';
import { inboundClaimsOf, type ChannelDeps } from '../index.js';
import type { ChannelRuntime } from '../types.js';
import { createGraphClient, type GraphClient } from './cloud-api.js';
import { hasValidSignature, inboundMessages, webhookSchema, type CloudInbound } from './cloud-payload.js';
import { parseInteractiveId, readWithTyping, renderCloudMessages, textMessage } from './cloud-render.js';
import { rateByReaction, takeTurn } from './conversation.js';
import { createInboundDedup } from './inbound-dedup.js';
import { createNumberedContextStore } from './numbered-context.js';
import { NON_TEXT_NOTE } from './render.js';
import { KeyedWorkQueue } from './work-queue.js';

export const WEBHOOK_PATH = '/webhooks/whatsapp';
/** Meta batches at most a few messages per delivery; anything near this is not from Meta. */
const MAX_BODY_BYTES = 256 * 1024;

export interface CloudChannelOptions {
  fetch?: typeof fetch;
  /** Delay before the Graph API retry (tests shorten it). */
  retryDelayMs?: number;
  /** Messages queued or being answered at most; a delivery beyond it gets a 503 (Meta redelivers it later). */
  maxInFlight?: number;
  /** How long a delivery waits for its answers before it is acknowledged anyway. */
  answerBeforeAckMs?: number;
}

export interface CloudChannel extends ChannelRuntime {
  /** Resolves when every message acknowledged so far has been answered. */
  idle(): Promise<void>;
}

const MAX_MESSAGES_IN_FLIGHT = 2_000;
const ANSWER_BEFORE_ACK_MS = 5_000;

const sameSecret = (a: string, b: string) => timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/**
 * The official WhatsApp Business Cloud API: Meta calls our webhook, we answer through the Graph API.
 * Deliveries are verified (HMAC of the raw body), deduplicated and answered in per-sender order, and
 * acknowledged once answered (or after 5 s, the rest continuing in the background). At most 2,000
 * messages are in flight; a delivery past that gets a 503, which Meta retries, and so does a delivery
 * holding a message claimed moments ago and not answered yet (busy).
 */
export function createCloudChannel(deps: ChannelDeps, options: CloudChannelOptions = {}): CloudChannel {
  const { config, log } = deps;
  const verifyToken = required(config.WHATSAPP_CLOUD_VERIFY_TOKEN, 'WHATSAPP_CLOUD_VERIFY_TOKEN');
  const appSecret = required(config.WHATSAPP_CLOUD_APP_SECRET, 'WHATSAPP_CLOUD_APP_SECRET');
  const phoneNumberId = required(config.WHATSAPP_CLOUD_PHONE_NUMBER_ID, 'WHATSAPP_CLOUD_PHONE_NUMBER_ID');
  const graph: GraphClient = createGraphClient({
    apiRoot: config.WHATSAPP_CLOUD_API_ROOT,
    phoneNumberId,
    token: required(config.WHATSAPP_CLOUD_TOKEN, 'WHATSAPP_CLOUD_TOKEN'),
    log,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
  });
  const dedup = createInboundDedup(inboundClaimsOf(deps));
  const contexts = createNumberedContextStore(deps.database.db);
  const conversation = { core: deps.core, contexts, log };
  const queue = new KeyedWorkQueue((error) => log.error({ err: error }, 'whatsapp cloud: failed to handle a message'));
  let accepting = true;
  const maxInFlight = options.maxInFlight ?? MAX_MESSAGES_IN_FLIGHT;
  const answerBeforeAckMs = options.answerBeforeAckMs ?? ANSWER_BEFORE_ACK_MS;

  async function handle(message: CloudInbound, claim: Promise<ClaimResult>): Promise<void> {
    // Busy: the delivery is refused (503) as a whole, so Meta brings this message back later.
    if ((await claim) !== 'won') {
      log.debug('whatsapp cloud: duplicate delivery ignored');
      return;
    }
    try {
      await answer(message);
    } finally {
      // Only a process that dies before this point leaves the message to Meta's redelivery (after the lease).
      dedup.answered(message.id);
    }
  }

  async function answer(message: CloudInbound): Promise<void> {
    const userKey = pseudonymousUserKey(deps.userKeySecret, 'whatsapp', message.from);
    const who = { userKey, chatKey: userKey };
    if (message.kind === 'reaction') {
      if (await rateByReaction(conversation, who, message.emoji)) log.info({ userKey }, 'whatsapp cloud: feedback by reaction');
      return;
    }
    await graph.send(readWithTyping(message.id));
    if (message.kind === 'unreadable') {
      reported(userKey, 'non-text', await graph.send(textMessage(message.from, NON_TEXT_NOTE)));
      return;
    }
    const picked = message.kind === 'picked' ? parseInteractiveId(message.pickedId, message.title) : null;
    const text = message.kind === 'text' ? message.text : message.title;
    const turn = await takeTurn(conversation, { ...who, chatType: 'private', text, ...(picked ? { picked } : {}) });
    const payloads = turn.kind === 'reply' ? renderCloudMessages(turn.reply, message.from) : [textMessage(message.from, turn.text)];
    let delivered = true;
    for (const payload of payloads) {
      if (!(await graph.send(payload))) {
        delivered = false;
        break;
      }
    }
    reported(userKey, turn.kind === 'reply' ? turn.reply.kind : 'feedback', delivered);
  }

  /** "replied" only when the Graph API took every part of the reply; the failure itself is logged by the client. */
  function reported(userKey: string, kind: string, delivered: boolean): void {
    if (delivered) log.info({ userKey, kind }, 'whatsapp cloud: replied');
    else log.error({ userKey, kind }, 'whatsapp cloud: reply failed after retries');
  }

  function routes(app: Hono): void {
    app.get(WEBHOOK_PATH, (c) => {
      const mode = c.req.query('hub.mode');
      const token = c.req.query('hub.verify_token') ?? '';
      const challenge = c.req.query('hub.challenge') ?? '';
      if (mode === 'subscribe' && sameSecret(token, verifyToken) && challenge) {
        log.info('whatsapp cloud: webhook verified by Meta');
        return c.text(challenge, 200);
      }
      log.warn({ mode }, 'whatsapp cloud: webhook verification refused');
      return c.json({ error: 'forbidden', message: 'Verifikasi webhook gagal.' }, 403);
    });

    app.post(WEBHOOK_PATH, jsonBodyLimit(MAX_BODY_BYTES, log), async (c) => {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (!hasValidSignature(raw, c.req.header('x-hub-signature-256'), appSecret)) {
        log.warn({ bytes: raw.length }, 'whatsapp cloud: webhook with a missing or wrong signature refused');
        return c.json({ error: 'unauthorized', message: 'Tanda tangan tidak valid.' }, 401);
      }
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder().decode(raw));
      } catch {
        log.warn('whatsapp cloud: signed webhook body is not JSON');
        return c.json({ error: 'invalid_json', message: 'Isi permintaan bukan JSON yang valid.' }, 400);
      }
      const parsed = webhookSchema.safeParse(json);
      if (!parsed.success) {
        // Signed by Meta but not a shape we know: acknowledge, or Meta retries it for days.
        log.warn({ detail: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`) }, 'whatsapp cloud: unexpected webhook payload ignored');
        return c.json({ ok: true });
      }
      if (!accepting) return c.json({ error: 'unavailable', message: 'Server sedang berhenti.' }, 503);
      const { messages, malformed } = inboundMessages(parsed.data, phoneNumberId);
      // One bad message must not cost the others their answer: they are handled, it is logged.
      if (malformed > 0) log.warn({ malformed, handled: messages.length }, 'whatsapp cloud: malformed messages in a delivery skipped');
      if (queue.size + messages.length > maxInFlight) {
        // Meta redelivers what is not acknowledged, so refusing keeps memory bounded without losing messages.
        log.warn({ inFlight: queue.size }, 'whatsapp cloud: too many messages in flight; delivery refused with 503 for Meta to redeliver');
        c.header('Retry-After', '1');
        return c.json({ error: 'unavailable', message: 'Server sedang sibuk.' }, 503);
      }
      // Claimed here, all in one statement, not when each reaches the head of its sender's queue: whether a
      // message is busy must be known before the acknowledgement. A claim that fails is answered anyway.
      const claims = messages.map((message) => dedup.claim(message.id).catch((): ClaimResult => 'won'));
      const handled = messages.map((message, i) => queue.push(message.from, () => handle(message, claims[i]!)));
      // Answer first, then acknowledge: a crash before the acknowledgement makes Meta redeliver. A slow
      // Graph API must not hold the webhook past Meta's patience, so after a while the rest goes on in the background.
      await Promise.race([Promise.all(handled), new Promise((resolve) => setTimeout(resolve, answerBeforeAckMs).unref())]);
      const busy = (await Promise.all(claims)).filter((claim) => claim === 'busy').length;
      if (busy > 0) {
        // Claimed moments ago and not answered yet (maybe by a process that just died): acknowledging would
        // lose it. Meta redelivers the whole delivery; the messages answered here are duplicates by then
        // (any still being answered past the 5 s window are busy again, until they are answered).
        log.info({ busy, messages: messages.length }, 'whatsapp cloud: a message is claimed but not answered yet; delivery refused with 503 for Meta to redeliver');
        c.header('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
        return c.json({ error: 'busy', message: 'Pesan sedang diproses. Silakan kirim ulang sebentar lagi.' }, 503);
      }
      return c.json({ ok: true });
    });
  }

  return {
    name: 'whatsapp',
    routes,
    idle: () => queue.idle(),
    async start() {
      accepting = true;
      log.info({ webhook: WEBHOOK_PATH }, 'whatsapp cloud: waiting for Meta webhooks');
    },
    async stop() {
      // Unanswered deliveries get a 503 so Meta redelivers them to a running replica.
      accepting = false;
      await queue.idle();
    },
  };
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required when WHATSAPP_MODE=cloud`);
  return value;
}
