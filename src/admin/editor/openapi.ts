import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';

/**
 * The OpenAPI 3.1 document at /api/openapi.json: the admin API's routes come from their own route
 * definitions; the public chat API (/api/ask, /api/feedback, served by src/channels/web.ts) is
 * described here with schemas that mirror the ones web.ts validates with.
 */

const EntryRef = z.object({ id: z.string(), title: z.string() }).openapi('EntryRef');

const AskRequest = z
  .object({
    text: z.string().max(20_000).optional().openapi({ description: 'The question, or a command such as `/start`, `/topik`, `/lapor`.', example: 'Bolehkah ASN berfoto dengan calon?' }),
    entryId: z.string().regex(/^[a-z0-9-]{1,100}$/).optional().openapi({ description: 'Ask for one entry directly (a topic button).' }),
  })
  .openapi('AskRequest', { description: '`text` or `entryId` is required.' });

const AskResponse = z
  .object({
    status: z.enum(['answered', 'clarify', 'fallback']),
    kind: z.enum(['answer', 'clarify', 'fallback', 'topics', 'text']),
    queryId: z.string().uuid().openapi({ description: 'Send it back with /api/feedback.' }),
    entry: z.object({ id: z.string(), title: z.string(), verdict: z.string(), verdictLabel: z.string() }).nullable(),
    answer: z.string().openapi({ description: 'Markdown (**bold**, "- " lists).' }),
    sources: z.array(z.object({ title: z.string(), ref: z.string(), url: z.string().optional(), kind: z.enum(['regulation', 'reference']) })),
    suggestions: z.array(EntryRef),
    related: z.array(EntryRef),
    categories: z.array(z.object({ id: z.string(), title: z.string(), entries: z.array(EntryRef) })),
    disclaimer: z.string().nullable(),
    score: z.number(),
    feedbackToken: z.string().nullable().openapi({ description: 'Send it back with /api/feedback: only the person who asked can rate the answer.' }),
  })
  .openapi('AskResponse');

const FeedbackRequest = z
  .object({
    queryId: z.string().uuid(),
    feedbackToken: z.string().max(100).openapi({ description: 'The `feedbackToken` the answer came with.' }),
    rating: z.enum(['up', 'down']),
    entryId: z.string().regex(/^[a-z0-9-]{1,100}$/).optional(),
  })
  .openapi('FeedbackRequest');

const PublicError = z.object({ error: z.string(), message: z.string(), detail: z.string().optional() }).openapi('PublicError');

export function registerPublicApi<E extends Env>(api: OpenAPIHono<E>): void {
  const jsonBody = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });
  api.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/ask',
    tags: ['Chat'],
    summary: 'Ask Netra a question (the web chat uses this)',
    request: { body: jsonBody(AskRequest) },
    responses: {
      200: { description: 'The reply.', content: { 'application/json': { schema: AskResponse } } },
      400: { description: 'Not JSON, or not the expected shape.', content: { 'application/json': { schema: PublicError } } },
      403: { description: 'A cross-site request (foreign `Origin`).', content: { 'application/json': { schema: PublicError } } },
      413: { description: 'Body over 64 KiB.', content: { 'application/json': { schema: PublicError } } },
      415: { description: 'Not `application/json`.', content: { 'application/json': { schema: PublicError } } },
      429: { description: 'Too many questions from this visitor or address; see `Retry-After`.', content: { 'application/json': { schema: PublicError } } },
    },
  });
  api.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/feedback',
    tags: ['Chat'],
    summary: 'Rate an answer 👍 / 👎',
    request: { body: jsonBody(FeedbackRequest) },
    responses: {
      200: { description: 'Recorded (a later rating of the same answer replaces it).', content: { 'application/json': { schema: z.object({ ok: z.literal(true), message: z.string() }) } } },
      400: { description: 'Not JSON, or not the expected shape.', content: { 'application/json': { schema: PublicError } } },
      403: { description: 'The rater is not the person who asked, or a cross-site request.', content: { 'application/json': { schema: PublicError } } },
      415: { description: 'Not `application/json`.', content: { 'application/json': { schema: PublicError } } },
      429: { description: 'Too many requests; see `Retry-After`.', content: { 'application/json': { schema: PublicError } } },
    },
  });
}

export function openApiDocument<E extends Env>(api: OpenAPIHono<E>) {
  return api.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Netra API',
      version: '1',
      description: 'The public chat API and the admin console API (knowledge editor, test pane). Admin routes need `Authorization: Bearer <token>` or a console session.',
    },
  });
}
