import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { jsonBodyLimit, readJsonBody } from '../../http/json-body.js';
import type { Logger } from '../../logger.js';
import { requireRole } from '../access.js';
import type { AdminEnv } from '../types.js';
import { addPhrasing, explainAll, MAX_BATCH, MAX_PHRASING_CHARS, phrasingImpact, type AddPhrasingResult, type PhrasingProblem, type TestPaneDeps } from './service.js';

const question = z.string().trim().min(1).max(1000);
const caseSchema = z.object({ text: question, expected: z.string().nullable().optional() });
export const matchRequestSchema = z.union([
  z.object({ text: question }),
  z.object({ texts: z.array(z.union([question, caseSchema])).min(1).max(MAX_BATCH) }),
]);
export const phrasingRequestSchema = z.object({
  entryId: z.string().min(1).max(200),
  text: z.string().trim().min(3).max(MAX_PHRASING_CHARS),
  /** The entry version the change is based on (default: the current one). */
  baseVersion: z.number().int().min(1).optional(),
});

/** Maps a refusal to its HTTP answer; null when `result` is not a refusal. */
export function refusalResponse(c: Context, log: Logger, result: AddPhrasingResult | PhrasingProblem | object): Response | null {
  if (!('status' in result)) return null;
  switch (result.status) {
    case 'not-found':
      return c.json({ error: 'not_found', message: 'Entri tidak ditemukan (atau sudah diarsipkan).' }, 404);
    case 'invalid':
    case 'refused':
      log.info({ path: c.req.path, reason: result.message }, 'phrasing refused');
      return c.json({ error: result.status, message: result.message }, 422);
    case 'conflict':
      return c.json({ error: 'conflict', message: result.message, currentVersion: result.currentVersion }, 409);
    default:
      return null;
  }
}

/** `/api/admin/match`, `/api/admin/phrasings/impact`, `/api/admin/phrasings`: the test pane for scripts. */
export function testPaneApi(admin: Hono<AdminEnv>, deps: TestPaneDeps & { log: Logger }): void {
  const allowed = requireRole('admin', 'editor');
  const limit = jsonBodyLimit(512 * 1024, deps.log);

  admin.post('/api/admin/match', allowed, limit, async (c) => {
    const body = await readJsonBody(c, matchRequestSchema, deps.log);
    if (!body.ok) return body.response;
    const snapshot = deps.knowledge();
    const items = 'text' in body.value ? [{ text: body.value.text }] : body.value.texts.map((t) => (typeof t === 'string' ? { text: t } : t));
    return c.json({ knowledgeVersion: snapshot.version, results: explainAll(snapshot, items) });
  });

  admin.post('/api/admin/phrasings/impact', allowed, limit, async (c) => {
    const body = await readJsonBody(c, phrasingRequestSchema, deps.log);
    if (!body.ok) return body.response;
    const impact = await phrasingImpact(deps, body.value.entryId, body.value.text);
    return refusalResponse(c, deps.log, impact) ?? c.json(impact);
  });

  admin.post('/api/admin/phrasings', allowed, limit, async (c) => {
    const body = await readJsonBody(c, phrasingRequestSchema, deps.log);
    if (!body.ok) return body.response;
    const result = await addPhrasing(deps, c.get('actor'), body.value);
    if (result.status === 'published') return c.json(result, 201);
    if (result.status === 'proposed') return c.json(result, 202);
    return refusalResponse(c, deps.log, result) ?? c.json(result, 500);
  });
}
