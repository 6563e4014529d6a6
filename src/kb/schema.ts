import { z } from 'zod';
import { sourceRuleIssues } from './source-rules.js';
import { SOURCE_KINDS, VERDICTS } from './types.js';

export const MAX_ANSWER_CHARS = 900;
export const MIN_QUESTIONS = 6;
export const MAX_DISTINCTION_CHARS = 80;

const kebabId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'harus kebab-case (huruf kecil, angka, tanda -)');
const nonEmpty = z.string().trim().min(1, 'tidak boleh kosong');

/** Front matter of one knowledge file. Unknown fields are errors, so typos never pass silently. */
export const frontMatterSchema = z.strictObject({
  id: kebabId,
  title: nonEmpty.max(80),
  distinction: nonEmpty.max(MAX_DISTINCTION_CHARS, `paling banyak ${MAX_DISTINCTION_CHARS} karakter`).optional(),
  category: kebabId,
  verdict: z.enum(VERDICTS),
  questions: z.array(nonEmpty).min(MIN_QUESTIONS, `minimal ${MIN_QUESTIONS} pertanyaan`),
  keywords: z.array(nonEmpty).default([]),
  sources: z
    .array(
      z
        .strictObject({
          title: nonEmpty,
          ref: nonEmpty,
          url: z.url().optional(),
          kind: z.enum(SOURCE_KINDS, { error: 'wajib diisi: "regulation" (dasar hukum) atau "reference" (rujukan)' }),
        })
        .superRefine((source, ctx) => {
          for (const issue of sourceRuleIssues(source)) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
        }),
    )
    .min(1, 'minimal satu sumber hukum'),
  related: z.array(kebabId).default([]),
  reviewed: z.iso.date('harus tanggal YYYY-MM-DD'),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;
