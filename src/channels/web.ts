import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { parseCommand } from '../core/command.js';
import type { Core } from '../core/handle.js';
import { pseudonymousUserKey } from '../core/pseudonym.js';
import type { Incoming, Reply } from '../core/types.js';
import { verdictLabel } from '../core/verdict.js';
import type { TrustProxy } from '../http/client-ip.js';
import { jsonBodyLimit, readJsonBody } from '../http/json-body.js';
import { webRateLimits } from '../http/rate-limit.js';
import { sameOriginJson } from '../http/same-origin-json.js';
import type { Logger } from '../logger.js';
import { mountWebAssets } from './web-assets.js';

const MAX_BODY_BYTES = 64 * 1024;
const VISITOR_COOKIE = 'netra_visitor';
const PAGE_HTML = readFileSync(new URL('./web-page.html', import.meta.url), 'utf8');

const askSchema = z
  .object({
    text: z.string().max(20_000).optional(),
    entryId: z.string().regex(/^[a-z0-9-]{1,100}$/).optional(),
  })
  .refine((b) => b.text !== undefined || b.entryId !== undefined, 'text atau entryId wajib diisi');

const feedbackSchema = z.object({
  queryId: z.uuid(),
  /** The `feedbackToken` the answer came with: only the asker can rate it. */
  feedbackToken: z.string().max(100),
  rating: z.enum(['up', 'down']),
  entryId: z.string().regex(/^[a-z0-9-]{1,100}$/).optional(),
});

export interface WebChannelDeps {
  core: Core;
  userKeySecret: string;
  log: Logger;
  secureCookies: boolean;
  /** The public origin, also accepted as `Origin` of API calls (behind a proxy the Host may differ). */
  publicBaseUrl?: string;
  /** Per-client limits of the JSON API (per window, in this process); no limits when unset. */
  rateLimit?: { perSession: number; perIp: number; windowMs: number; trustProxy: TrustProxy };
}

/** The web chat: the page at `/`, and the JSON API it (and anyone else) uses. */
export function webChannel(deps: WebChannelDeps) {
  return (app: Hono) => {
    app.get('/', (c) => {
      visitorKey(c);
      return c.html(PAGE_HTML);
    });
    mountWebAssets(app);

    // Before any body is read: refuse cross-site form posts, then count the request against its budgets.
    const guards = [
      sameOriginJson({ log: deps.log, ...(deps.publicBaseUrl ? { publicBaseUrl: deps.publicBaseUrl } : {}) }),
      ...(deps.rateLimit ? webRateLimits({ ...deps.rateLimit, sessionOf: visitorCookie, log: deps.log }) : []),
    ];
    app.on('POST', ['/api/ask', '/api/feedback'], ...guards);

    app.post('/api/ask', jsonBodyLimit(MAX_BODY_BYTES, deps.log), async (c) => {
      const body = await readJsonBody(c, askSchema, deps.log);
      if (!body.ok) return body.response;
      const userKey = visitorKey(c);
      const text = body.value.text ?? '';
      const command = parseCommand(text);
      const incoming: Incoming = {
        channel: 'web',
        userKey,
        chatType: 'private',
        text: command ? command.arg : text,
        ...(command ? { command: command.command } : {}),
        ...(body.value.entryId && !command ? { entryId: body.value.entryId } : {}),
      };
      return c.json(toApiResponse(deps.core.handle(incoming)));
    });

    app.post('/api/feedback', jsonBodyLimit(4 * 1024, deps.log), async (c) => {
      const body = await readJsonBody(c, feedbackSchema, deps.log);
      if (!body.ok) return body.response;
      const recorded = deps.core.feedback({
        queryId: body.value.queryId,
        channel: 'web',
        userKey: visitorKey(c),
        rating: body.value.rating === 'up' ? 1 : -1,
        entryId: body.value.entryId ?? null,
        tag: body.value.feedbackToken,
      });
      if (!recorded) {
        deps.log.warn({ path: c.req.path }, 'feedback refused: not the asker');
        return c.json({ error: 'not_asker', message: 'Hanya penanya yang dapat menilai jawaban ini.' }, 403);
      }
      return c.json({ ok: true, message: 'Terima kasih atas penilaian Anda.' });
    });
  };

  /** The visitor id the browser sent, when it is one of ours. */
  function visitorCookie(c: Context): string | undefined {
    const visitor = getCookie(c, VISITOR_COOKIE);
    return visitor && /^[0-9a-f-]{36}$/.test(visitor) ? visitor : undefined;
  }

  /** A random visitor id in a cookie, pseudonymised like every platform id before it goes anywhere. */
  function visitorKey(c: Context): string {
    let visitor = visitorCookie(c);
    if (!visitor) {
      visitor = randomUUID();
      setCookie(c, VISITOR_COOKIE, visitor, {
        httpOnly: true,
        sameSite: 'Lax',
        secure: deps.secureCookies,
        path: '/',
        maxAge: 60 * 60 * 24 * 365,
      });
    }
    return pseudonymousUserKey(deps.userKeySecret, 'web', visitor);
  }
}

export interface AskResponse {
  status: 'answered' | 'clarify' | 'fallback';
  /** What kind of reply this is, for clients that render more than the three statuses. */
  kind: Reply['kind'];
  queryId: string;
  entry: { id: string; title: string; verdict: string; verdictLabel: string } | null;
  answer: string;
  sources: { title: string; ref: string; url?: string; kind: 'regulation' | 'reference' }[];
  suggestions: { id: string; title: string }[];
  related: { id: string; title: string }[];
  categories: { id: string; title: string; entries: { id: string; title: string }[] }[];
  disclaimer: string | null;
  score: number;
  /** Send it back with a rating of this answer (`/api/feedback`); null when the reply cannot be rated. */
  feedbackToken: string | null;
}

export function toApiResponse(reply: Reply): AskResponse {
  const base = { kind: reply.kind, queryId: reply.queryId, entry: null, sources: [], suggestions: [], related: [], categories: [], disclaimer: null, score: 0, feedbackToken: null };
  const pick = (items: { id: string; title: string }[]) => items.map(({ id, title }) => ({ id, title }));
  switch (reply.kind) {
    case 'answer':
      return {
        ...base,
        status: 'answered',
        entry: { ...reply.entry, verdictLabel: verdictLabel(reply.entry.verdict) },
        answer: reply.answer,
        sources: reply.sources,
        related: pick(reply.related),
        disclaimer: reply.disclaimer,
        score: reply.score,
        feedbackToken: reply.feedbackTag,
      };
    case 'clarify':
      return { ...base, status: 'clarify', answer: reply.text, suggestions: pick(reply.suggestions), score: reply.score };
    case 'fallback':
      return { ...base, status: 'fallback', answer: reply.text, score: reply.score };
    case 'topics':
      return {
        ...base,
        status: 'fallback',
        answer: reply.text,
        categories: reply.categories.map((c) => ({ id: c.id, title: c.title, entries: pick(c.entries) })),
      };
    case 'text':
      return { ...base, status: 'fallback', answer: reply.text, suggestions: pick(reply.suggestions) };
  }
}
