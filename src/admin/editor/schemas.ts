import { z } from '@hono/zod-openapi';
import { MAX_ANSWER_CHARS, MIN_QUESTIONS } from '../../kb/schema.js';
import { REQUIRED_TEXTS } from '../../kb/snapshot.js';
import { SOURCE_KINDS, VERDICTS } from '../../kb/types.js';

/**
 * The knowledge editor's API schemas. They validate the requests' shape (400 when wrong) and generate
 * the OpenAPI document; the knowledge rules themselves (`kb validate`) run in src/kb/entry-check.ts and
 * answer 422 with one problem per field.
 */

export const FieldProblemSchema = z
  .object({
    field: z.string().openapi({ description: 'Dotted path of the field: `title`, `questions.2`, `sources.0.url`, `answer`.', example: 'questions' }),
    message: z.string().openapi({ example: 'minimal 6 pertanyaan' }),
  })
  .openapi('FieldProblem');

export const ErrorSchema = z
  .object({
    error: z.string().openapi({ example: 'invalid' }),
    message: z.string(),
    problems: z.array(FieldProblemSchema).optional(),
  })
  .openapi('Error');

export const ConflictSchema = z
  .object({
    error: z.literal('conflict'),
    message: z.string(),
    currentVersion: z.number().int(),
    changedBy: z.string().openapi({ description: 'Who wrote the current version.' }),
    changedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('Conflict');

export const SourceSchema = z
  .object({
    title: z.string(),
    ref: z.string(),
    url: z.string().optional(),
    kind: z.enum(SOURCE_KINDS).openapi({ description: '`regulation` (Dasar hukum) or `reference` (Rujukan).' }),
  })
  .openapi('Source');

/** The fields of a knowledge file plus the answer body. */
const entryFields = {
  id: z.string().openapi({ description: 'kebab-case; the file name.', example: 'foto-bersama-calon' }),
  title: z.string().openapi({ description: 'At most 80 characters.' }),
  distinction: z.string().optional().openapi({ description: 'Optional, at most 80 characters: what sets this entry apart, named in clarify replies instead of the title.', example: 'hanya hadir sebagai penonton kampanye' }),
  category: z.string().openapi({ description: 'One of the categories (GET /api/admin/categories).' }),
  verdict: z.enum(VERDICTS),
  questions: z.array(z.string()).openapi({ description: `At least ${MIN_QUESTIONS}; the first is the canonical question.` }),
  keywords: z.array(z.string()).default([]),
  sources: z.array(SourceSchema).openapi({ description: 'At least one.' }),
  related: z.array(z.string()).default([]),
  reviewed: z.string().openapi({ description: 'Date of the last legal review, YYYY-MM-DD.', example: '2026-11-30' }),
  answer: z.string().openapi({ description: `Markdown, at most ${MAX_ANSWER_CHARS} characters.` }),
};

export const EntryInputSchema = z
  .object({ ...entryFields, version: z.number().int().min(0).openapi({ description: 'The version this edit is based on (0 when creating).' }) })
  .openapi('EntryInput');

export const EntrySchema = z
  .object({
    ...entryFields,
    version: z.number().int(),
    archived: z.boolean(),
    updatedBy: z.string(),
    updatedAt: z.string().openapi({ format: 'date-time' }),
    pendingProposals: z.number().int(),
  })
  .openapi('Entry');

export const EntryListSchema = z.object({ entries: z.array(EntrySchema), total: z.number().int() }).openapi('EntryList');

export const EntryListQuerySchema = z.object({
  q: z.string().optional().openapi({ description: 'Search in id, title, questions, keywords and answer.' }),
  category: z.string().optional(),
  verdict: z.enum(VERDICTS).optional(),
  reviewedBefore: z.string().optional().openapi({ description: 'Only entries last reviewed before this date (YYYY-MM-DD).' }),
  pending: z.enum(['yes', 'no']).optional().openapi({ description: 'With or without a pending proposal.' }),
  archived: z.enum(['yes', 'no']).optional().openapi({ description: '`yes` lists archived entries instead of live ones.' }),
  sort: z.enum(['id', 'title', 'category', 'verdict', 'reviewed', 'updated']).optional(),
  dir: z.enum(['asc', 'desc']).optional(),
});

export const IdParamSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,100}$/).openapi({ param: { name: 'id', in: 'path' }, example: 'foto-bersama-calon' }),
});

export const VersionParamSchema = IdParamSchema.extend({
  version: z.coerce.number().int().min(1).openapi({ param: { name: 'version', in: 'path' }, example: 2 }),
});

export const SavedSchema = z
  .object({
    status: z.literal('published'),
    version: z.number().int(),
    entry: EntrySchema.optional(),
  })
  .openapi('Published');

export const ProposedSchema = z
  .object({ status: z.literal('proposed'), proposalId: z.string().uuid(), message: z.string() })
  .openapi('Proposed');

export const VersionInfoSchema = z
  .object({ version: z.number().int(), author: z.string(), at: z.string().openapi({ format: 'date-time' }) })
  .openapi('VersionInfo');

export const LineOpSchema = z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() }).openapi('LineOp');

export const FieldChangeSchema = z
  .object({
    field: z.string(),
    label: z.string(),
    kind: z.enum(['value', 'lines']),
    before: z.string().optional(),
    after: z.string().optional(),
    lines: z.array(LineOpSchema).optional(),
  })
  .openapi('FieldChange');

export const DiffQuerySchema = z.object({
  from: z.coerce.number().int().min(1).openapi({ description: 'Older version.' }),
  to: z.coerce.number().int().min(1).openapi({ description: 'Newer version.' }),
});

export const RevertSchema = z
  .object({
    toVersion: z.number().int().min(1).openapi({ description: 'The version whose content comes back.' }),
    version: z.number().int().min(1).openapi({ description: 'The current version the revert is based on.' }),
  })
  .openapi('Revert');

export const ArchiveSchema = z.object({ archived: z.boolean() }).openapi('Archive');

/** A draft for the preview: whatever the form holds, complete or not. */
export const PreviewInputSchema = z
  .object({
    id: z.string().default(''),
    title: z.string().default(''),
    distinction: z.string().optional(),
    verdict: z.enum(VERDICTS).default('informasi'),
    answer: z.string().default(''),
    sources: z.array(SourceSchema).default([]),
    related: z.array(z.string()).default([]),
    /** Compare with this version of the entry (the one being edited). */
    baseVersion: z.number().int().min(0).default(0),
    category: z.string().default(''),
    questions: z.array(z.string()).default([]),
    keywords: z.array(z.string()).default([]),
    reviewed: z.string().default(''),
  })
  .openapi('PreviewInput');

export const PreviewSchema = z
  .object({
    characters: z.number().int(),
    limit: z.number().int(),
    telegram: z.array(z.object({ html: z.string(), buttons: z.array(z.string()) })).openapi({ description: 'Messages as the Telegram bot sends them (HTML parse mode).' }),
    whatsapp: z.string().openapi({ description: 'The WhatsApp message text.' }),
    web: z.record(z.string(), z.unknown()).openapi({ description: 'The body POST /api/ask returns for this answer.' }),
    changes: z.array(FieldChangeSchema).openapi({ description: 'Differences from the base version.' }),
  })
  .openapi('Preview');

export const ProposalSchema = z
  .object({
    id: z.string().uuid(),
    target: z.string().openapi({ description: '`entry:<id>`, `text:<name>` or `categories`.' }),
    baseVersion: z.number().int(),
    status: z.enum(['pending', 'approved', 'rejected']),
    authorName: z.string(),
    createdAt: z.string().openapi({ format: 'date-time' }),
    comment: z.string().nullable(),
    decidedByName: z.string().nullable(),
    changes: z.array(FieldChangeSchema),
    /** True when the target changed since the proposal was made: approving it would be a conflict. */
    stale: z.boolean(),
  })
  .openapi('Proposal');

export const ProposalQuerySchema = z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional() });
export const ProposalParamSchema = z.object({ id: z.string().uuid().openapi({ param: { name: 'id', in: 'path' } }) });
export const RejectSchema = z.object({ comment: z.string().trim().min(1).max(2000) }).openapi('Reject');

export const TextSchema = z
  .object({ name: z.enum(REQUIRED_TEXTS), text: z.string(), version: z.number().int(), updatedBy: z.string(), updatedAt: z.string() })
  .openapi('ChatText');
export const TextParamSchema = z.object({ name: z.enum(REQUIRED_TEXTS).openapi({ param: { name: 'name', in: 'path' } }) });
export const TextInputSchema = z.object({ text: z.string(), version: z.number().int().min(0) }).openapi('ChatTextInput');

export const CategorySchema = z.object({ id: z.string(), title: z.string() }).openapi('Category');
export const CategoriesSchema = z
  .object({ categories: z.array(CategorySchema), version: z.number().int(), updatedBy: z.string().nullable() })
  .openapi('Categories');
export const CategoriesInputSchema = z.object({ categories: z.array(CategorySchema), version: z.number().int().min(0) }).openapi('CategoriesInput');
