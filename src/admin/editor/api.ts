import { createRoute, OpenAPIHono, z, type Hook } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Env } from 'hono';
import { diffEntries } from '../../kb/diff.js';
import { liveCategoriesHead, liveTextHeads } from '../../kb/documents.js';
import { entryHistory, entryVersion, getEntry, listEntries, revertEntry, saveCategories, saveEntry, saveText, setEntryArchived, type EntryRecord } from '../../kb/editor.js';
import { approveProposal, rejectProposal, type AlreadyDecided } from '../../kb/proposals.js';
import type { KnowledgeSnapshot } from '../../kb/snapshot.js';
import type { KnowledgeEntry } from '../../kb/types.js';
import type { SaveResult } from '../../kb/versioned.js';
import { jsonBodyLimit } from '../../http/json-body.js';
import { requireRole } from '../access.js';
import type { AdminEnv } from '../types.js';
import { filterEntries, parseEntryQuery } from './list-query.js';
import { buildPreview } from './preview.js';
import * as s from './schemas.js';
import { afterSave, PROPOSED_MESSAGE, proposalViews, type EditorDeps } from './service.js';

export interface EditorApiDeps extends EditorDeps {
  knowledge?: () => KnowledgeSnapshot;
}

const TAG = 'Knowledge editor';
const editors = requireRole('admin', 'editor');
const admins = requireRole('admin');
const bearer = [{ bearerAuth: [] }];

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { 'application/json': { schema } }, required: true } });
const errors = {
  400: json(s.ErrorSchema, 'The request does not have the expected shape.'),
  401: json(s.ErrorSchema, 'No session or token.'),
  403: json(s.ErrorSchema, 'The role may not do this.'),
};
const saveResponses = {
  200: json(s.SavedSchema, 'Published (admin).'),
  202: json(s.ProposedSchema, 'Saved as a proposal for an admin to approve (editor).'),
  404: json(s.ErrorSchema, 'No such entry.'),
  409: json(z.union([s.ConflictSchema, s.ErrorSchema]), 'Based on a stale version: someone else changed it first (or, for a proposal, it was already decided).'),
  422: json(s.ErrorSchema, 'Breaks a knowledge rule; one problem per field.'),
  ...errors,
};

/** Request-shape errors (400) list the fields, in Indonesian, like the knowledge rules do (422). */
const localeError = z.locales.id().localeError;
export const shapeHook: Hook<unknown, Env, string, unknown> = (result, c) => {
  if (result.success) return;
  const problems = result.error.issues.map((issue) => {
    const translated = localeError(issue as Parameters<typeof localeError>[0]);
    const message = typeof translated === 'string' ? translated : (translated?.message ?? issue.message);
    return { field: issue.path.join('.') || 'body', message };
  });
  return c.json({ error: 'invalid_request', message: 'Permintaan tidak sesuai format.', problems }, 400);
};

export function entryJson(record: EntryRecord) {
  return {
    ...record.entry,
    version: record.version,
    archived: record.archived,
    updatedBy: record.author,
    updatedAt: record.at.toISOString(),
    pendingProposals: record.pendingProposals,
  };
}

/** A save result as the HTTP answer every saving route gives. */
function saveResponse(c: Context, result: SaveResult<unknown> | AlreadyDecided, entry?: EntryRecord | null) {
  switch (result.status) {
    case 'published':
      return c.json({ status: 'published' as const, version: result.version, ...(entry ? { entry: entryJson(entry) } : {}) }, 200);
    case 'proposed':
      return c.json({ status: 'proposed' as const, proposalId: result.proposalId, message: PROPOSED_MESSAGE }, 202);
    case 'conflict':
      return c.json({ error: 'conflict' as const, message: result.message, currentVersion: result.currentVersion, changedBy: result.changedBy, changedAt: result.changedAt.toISOString() }, 409);
    case 'invalid':
      return c.json({ error: 'invalid', message: 'Ada isian yang belum benar.', problems: result.problems }, 422);
    case 'not-found':
      return c.json({ error: 'not_found', message: 'Data tidak ditemukan.' }, 404);
    case 'already-decided':
      return c.json({ error: 'already_decided', message: alreadyDecided(result.decision) }, 409);
  }
}

const alreadyDecided = (decision: string) => `Usulan ini sudah ${decision === 'approved' ? 'disetujui' : 'ditolak'}.`;

const stripVersion = ({ version: _version, ...entry }: z.infer<typeof s.EntryInputSchema>): KnowledgeEntry => entry;

/** The knowledge editor's JSON API under /api/admin, described by the same zod schemas in the OpenAPI document. */
export function editorApi(deps: EditorApiDeps): OpenAPIHono<AdminEnv> {
  const api = new OpenAPIHono<AdminEnv>({ defaultHook: shapeHook as Hook<unknown, AdminEnv, string, unknown> });
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', description: 'API token (`npm run admin -- token create`) or ADMIN_TOKEN.' });
  api.use('/api/admin/*', jsonBodyLimit(512 * 1024, deps.log));
  api.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      deps.log.warn({ path: c.req.path, status: error.status }, 'bad request to the knowledge editor API');
      return c.json({ error: 'invalid_request', message: 'Isi permintaan bukan JSON yang valid.' }, error.status);
    }
    deps.log.error({ err: error, path: c.req.path }, 'unhandled error in the knowledge editor API');
    return c.json({ error: 'internal', message: 'Terjadi kesalahan di server. Silakan coba lagi.' }, 500);
  });

  api.openapi(
    createRoute({ method: 'get', path: '/api/admin/entries', tags: [TAG], summary: 'List entries (search, filters, sorting)', security: bearer, middleware: [editors] as const, request: { query: s.EntryListQuerySchema }, responses: { 200: json(s.EntryListSchema, 'Matching entries.'), ...errors } }),
    async (c) => {
      const rows = filterEntries(await listEntries(deps.db), parseEntryQuery(c.req.valid('query')));
      return c.json({ entries: rows.map(entryJson), total: rows.length }, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/admin/entries', tags: [TAG], summary: 'Create an entry', security: bearer, middleware: [editors] as const, request: body(s.EntryInputSchema), responses: { ...saveResponses, 200: json(s.SavedSchema, 'Created and published (admin).') } }),
    async (c) => {
      const input = c.req.valid('json');
      const result = await saveEntry(deps.db, c.get('actor'), { entry: stripVersion(input), baseVersion: 0 });
      await afterSave(deps, result);
      return saveResponse(c, result, result.status === 'published' ? await getEntry(deps.db, input.id) : null);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/admin/entries/{id}', tags: [TAG], summary: 'One entry, current version', security: bearer, middleware: [editors] as const, request: { params: s.IdParamSchema }, responses: { 200: json(s.EntrySchema, 'The entry.'), 404: json(s.ErrorSchema, 'No such entry.'), ...errors } }),
    async (c) => {
      const entry = await getEntry(deps.db, c.req.valid('param').id);
      if (!entry) return c.json({ error: 'not_found', message: 'Entri tidak ditemukan.' }, 404);
      return c.json(entryJson(entry), 200);
    },
  );

  api.openapi(
    createRoute({ method: 'put', path: '/api/admin/entries/{id}', tags: [TAG], summary: 'Save an entry (the whole entry, with the version it was based on)', security: bearer, middleware: [editors] as const, request: { params: s.IdParamSchema, ...body(s.EntryInputSchema) }, responses: saveResponses }),
    async (c) => {
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      if (input.id !== id) return c.json({ error: 'invalid', message: 'Ada isian yang belum benar.', problems: [{ field: 'id', message: 'id tidak bisa diubah; buat entri baru bila perlu' }] }, 422);
      if (input.version === 0) return c.json({ error: 'invalid', message: 'Ada isian yang belum benar.', problems: [{ field: 'version', message: 'versi dasar wajib diisi' }] }, 422);
      const result = await saveEntry(deps.db, c.get('actor'), { entry: stripVersion(input), baseVersion: input.version });
      await afterSave(deps, result);
      return saveResponse(c, result, result.status === 'published' ? await getEntry(deps.db, id) : null);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/admin/entries/{id}/versions', tags: [TAG], summary: 'Version history, newest first', security: bearer, middleware: [editors] as const, request: { params: s.IdParamSchema }, responses: { 200: json(z.object({ versions: z.array(s.VersionInfoSchema) }), 'Who saved each version, and when.'), 404: json(s.ErrorSchema, 'No such entry.'), ...errors } }),
    async (c) => {
      const versions = await entryHistory(deps.db, c.req.valid('param').id);
      if (versions.length === 0) return c.json({ error: 'not_found', message: 'Entri tidak ditemukan.' }, 404);
      return c.json({ versions: versions.map((v) => ({ ...v, at: v.at.toISOString() })) }, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/admin/entries/{id}/versions/{version}', tags: [TAG], summary: 'One version of an entry', security: bearer, middleware: [editors] as const, request: { params: s.VersionParamSchema }, responses: { 200: json(s.EntryInputSchema, 'The entry as it was in that version.'), 404: json(s.ErrorSchema, 'No such version.'), ...errors } }),
    async (c) => {
      const { id, version } = c.req.valid('param');
      const found = await entryVersion(deps.db, id, version);
      if (!found) return c.json({ error: 'not_found', message: 'Versi tidak ditemukan.' }, 404);
      return c.json({ ...found.entry, version: found.version }, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/admin/entries/{id}/diff', tags: [TAG], summary: 'Differences between two versions, field by field', security: bearer, middleware: [editors] as const, request: { params: s.IdParamSchema, query: s.DiffQuerySchema }, responses: { 200: json(z.object({ changes: z.array(s.FieldChangeSchema) }), 'Changed fields; line diffs for the answer and the lists.'), 404: json(s.ErrorSchema, 'No such version.'), ...errors } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { from, to } = c.req.valid('query');
      const [a, b] = await Promise.all([entryVersion(deps.db, id, from), entryVersion(deps.db, id, to)]);
      if (!a || !b) return c.json({ error: 'not_found', message: 'Versi tidak ditemukan.' }, 404);
      return c.json({ changes: diffEntries(a.entry, b.entry) }, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/admin/entries/{id}/revert', tags: [TAG], summary: 'Bring back an earlier version (as a new version)', security: bearer, middleware: [editors] as const, request: { params: s.IdParamSchema, ...body(s.RevertSchema) }, responses: saveResponses }),
    async (c) => {
      const { id } = c.req.valid('param');
      const { toVersion, version } = c.req.valid('json');
      const result = await revertEntry(deps.db, c.get('actor'), { id, toVersion, baseVersion: version });
      await afterSave(deps, result);
      return saveResponse(c, result, result.status === 'published' ? await getEntry(deps.db, id) : null);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/admin/entries/{id}/archive', tags: [TAG], summary: 'Archive (stops answering, history kept) or unarchive (admin)', security: bearer, middleware: [admins] as const, request: { params: s.IdParamSchema, ...body(s.ArchiveSchema) }, responses: { 200: json(s.EntrySchema, 'The entry after the change.'), 404: json(s.ErrorSchema, 'No such entry.'), ...errors } }),
    async (c) => {
      const { id } = c.req.valid('param');
      const outcome = await setEntryArchived(deps.db, c.get('actor'), { id, archived: c.req.valid('json').archived });
      const entry = outcome === 'done' ? await getEntry(deps.db, id) : null;
      if (!entry) return c.json({ error: 'not_found', message: 'Entri tidak ditemukan.' }, 404);
      await afterSave(deps, { status: 'published' });
      return c.json(entryJson(entry), 200);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/admin/preview', tags: [TAG], summary: 'Render a draft answer as Telegram, WhatsApp and the web chat show it', security: bearer, middleware: [editors] as const, request: body(s.PreviewInputSchema), responses: { 200: json(s.PreviewSchema, 'What each channel would send, and the changes from the base version.'), ...errors } }),
    async (c) => {
      const { baseVersion, ...draft } = c.req.valid('json');
      const base = baseVersion > 0 && draft.id ? await entryVersion(deps.db, draft.id, baseVersion) : null;
      if (!deps.knowledge) throw new Error('the preview needs the live knowledge');
      return c.json(buildPreview(draft, deps.knowledge(), base?.entry ?? null), 200);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/admin/proposals', tags: [TAG], summary: 'Proposals with their diff (editors see their own)', security: bearer, middleware: [editors] as const, request: { query: s.ProposalQuerySchema }, responses: { 200: json(z.object({ proposals: z.array(s.ProposalSchema) }), 'Newest first.'), ...errors } }),
    async (c) => {
      const views = await proposalViews(deps.db, c.get('actor'), c.req.valid('query').status ?? 'pending');
      return c.json(
        {
          proposals: views.map(({ proposal: p, changes, stale }) => ({
            id: p.id,
            target: p.target,
            baseVersion: p.baseVersion,
            status: p.status as 'pending' | 'approved' | 'rejected',
            authorName: p.authorName,
            createdAt: p.createdAt.toISOString(),
            comment: p.comment,
            decidedByName: p.decidedByName,
            changes,
            stale,
          })),
        },
        200,
      );
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/admin/proposals/{id}/approve', tags: [TAG], summary: 'Approve a proposal: it is published (admin)', security: bearer, middleware: [admins] as const, request: { params: s.ProposalParamSchema }, responses: saveResponses }),
    async (c) => {
      const result = await approveProposal(deps.db, c.get('actor'), c.req.valid('param').id);
      await afterSave(deps, result);
      return saveResponse(c, result);
    },
  );

  api.openapi(
    createRoute({ method: 'post', path: '/api/admin/proposals/{id}/reject', tags: [TAG], summary: 'Reject a proposal with a comment (admin)', security: bearer, middleware: [admins] as const, request: { params: s.ProposalParamSchema, ...body(s.RejectSchema) }, responses: { 200: json(z.object({ status: z.literal('rejected') }), 'Rejected.'), 404: json(s.ErrorSchema, 'No such proposal.'), 409: json(s.ErrorSchema, 'Already decided.'), ...errors } }),
    async (c) => {
      const result = await rejectProposal(deps.db, c.get('actor'), c.req.valid('param').id, c.req.valid('json').comment);
      if (result.status === 'rejected') return c.json({ status: 'rejected' as const }, 200);
      if (result.status === 'already-decided') return c.json({ error: 'already_decided', message: alreadyDecided(result.decision) }, 409);
      return c.json({ error: 'not_found', message: 'Usulan tidak ditemukan.' }, 404);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/admin/texts', tags: [TAG], summary: 'The chat texts (welcome, fallback, disclaimer, lapor, bantuan, privasi)', security: bearer, middleware: [editors] as const, responses: { 200: json(z.object({ texts: z.array(s.TextSchema) }), 'Live texts with their versions.'), ...errors } }),
    async (c) => {
      const heads = await liveTextHeads(deps.db);
      const texts = heads.flatMap((h) => (s.TextParamSchema.shape.name.safeParse(h.key).success ? [{ name: h.key as z.infer<typeof s.TextParamSchema>['name'], text: h.data, version: h.version, updatedBy: h.author, updatedAt: h.at.toISOString() }] : []));
      return c.json({ texts }, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'put', path: '/api/admin/texts/{name}', tags: [TAG], summary: 'Save a chat text', security: bearer, middleware: [editors] as const, request: { params: s.TextParamSchema, ...body(s.TextInputSchema) }, responses: { ...saveResponses, 200: json(s.SavedSchema, 'Published (admin).') } }),
    async (c) => {
      const { text, version } = c.req.valid('json');
      const result = await saveText(deps.db, c.get('actor'), { name: c.req.valid('param').name, text, baseVersion: version });
      await afterSave(deps, result);
      return saveResponse(c, result);
    },
  );

  api.openapi(
    createRoute({ method: 'get', path: '/api/admin/categories', tags: [TAG], summary: 'The categories, in menu order', security: bearer, middleware: [editors] as const, responses: { 200: json(s.CategoriesSchema, 'Live categories with their version.'), ...errors } }),
    async (c) => {
      const head = await liveCategoriesHead(deps.db);
      return c.json({ categories: head?.data ?? [], version: head?.version ?? 0, updatedBy: head?.author ?? null }, 200);
    },
  );

  api.openapi(
    createRoute({ method: 'put', path: '/api/admin/categories', tags: [TAG], summary: 'Save the category list', security: bearer, middleware: [editors] as const, request: body(s.CategoriesInputSchema), responses: { ...saveResponses, 200: json(s.SavedSchema, 'Published (admin).') } }),
    async (c) => {
      const { categories, version } = c.req.valid('json');
      const result = await saveCategories(deps.db, c.get('actor'), { categories, baseVersion: version });
      await afterSave(deps, result);
      return saveResponse(c, result);
    },
  );

  return api;
}
