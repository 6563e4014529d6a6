import { z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import { matchRequestSchema, phrasingRequestSchema } from './api.js';

const AdminError = z.object({ error: z.string(), message: z.string() });
const json = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } } });
const refusals = {
  401: { description: 'No session or token.', ...json(AdminError) },
  403: { description: 'Not an admin or editor.', ...json(AdminError) },
  404: { description: 'No such entry (or archived).', ...json(AdminError) },
};

/**
 * The test pane's JSON routes (src/admin/test-pane/api.ts) in the OpenAPI document, described with the
 * same zod schemas that validate their requests.
 */
export function registerTestPaneApi<E extends Env>(api: OpenAPIHono<E>): void {
  api.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/admin/match',
    tags: ['Test pane'],
    summary: 'What the live matcher does with a question, or a list of questions',
    request: { body: { ...json(matchRequestSchema), required: true } },
    responses: {
      200: { description: '`{knowledgeVersion, results: [explanation…]}`: status, score and thresholds, candidates, normalised text.', ...json(z.object({ knowledgeVersion: z.string(), results: z.array(z.record(z.string(), z.unknown())) })) },
      400: { description: 'Not the expected shape.', ...json(AdminError) },
      401: refusals[401],
      403: refusals[403],
    },
  });
  api.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/admin/phrasings/impact',
    tags: ['Test pane'],
    summary: 'Which labelled questions change outcome if the text becomes a phrasing of the entry',
    request: { body: { ...json(phrasingRequestSchema), required: true } },
    responses: {
      200: { description: 'The changed outcomes and their counts.', ...json(z.record(z.string(), z.unknown())) },
      400: { description: 'Not the expected shape.', ...json(AdminError) },
      ...refusals,
    },
  });
  api.openAPIRegistry.registerPath({
    method: 'post',
    path: '/api/admin/phrasings',
    tags: ['Test pane'],
    summary: 'Add the text as a phrasing of the entry (a new version, or a proposal for an editor)',
    request: { body: { ...json(phrasingRequestSchema), required: true } },
    responses: {
      201: { description: 'Published as a new version.', ...json(z.record(z.string(), z.unknown())) },
      202: { description: 'Proposed (editor): waits for an admin.', ...json(z.record(z.string(), z.unknown())) },
      400: { description: 'Not the expected shape.', ...json(AdminError) },
      409: { description: 'The entry changed since `baseVersion`.', ...json(AdminError) },
      422: { description: 'Refused: the text is (close to) a labelled question, or the entry already has it.', ...json(AdminError) },
      ...refusals,
    },
  });
}
