import { Hono, type Context } from 'hono';
import { diffEntries } from '../../kb/diff.js';
import { categoriesHistory, textHistory, type HistoryItem } from '../../kb/document-history.js';
import { CATEGORIES_KEY, documentVersions, liveCategories, liveCategoriesHead, liveTextHeads, textKey, type DocumentHead } from '../../kb/documents.js';
import type { FieldProblem } from '../../kb/entry-check.js';
import { entryHistory, entryVersion, getEntry, listEntries, revertEntry, saveCategories, saveEntry, saveText, setEntryArchived } from '../../kb/editor.js';
import { approveProposal, rejectProposal, type ProposalStatus } from '../../kb/proposals.js';
import { REQUIRED_TEXTS } from '../../kb/snapshot.js';
import type { KnowledgeEntry } from '../../kb/types.js';
import type { SaveResult } from '../../kb/versioned.js';
import { requireRole } from '../access.js';
import { Layout } from '../views/layout.js';
import type { AdminEnv } from '../types.js';
import { entryFromForm, lines } from './form.js';
import { filterEntries, parseEntryQuery } from './list-query.js';
import { afterSave, PROPOSED_MESSAGE, proposalViews, type EditorDeps } from './service.js';
import { CategoriesPage, TextsPage } from './views/documents.js';
import { EntryListPage } from './views/entry-list.js';
import { EntryPage, type Notice } from './views/entry-page.js';
import { ProposalsPage } from './views/proposals.js';

const editors = requireRole('admin', 'editor');
const admins = requireRole('admin');
const ID = '{[a-z0-9-]+}';
/** Versions of a chat text or of the category list shown on their pages, newest first. */
const DOCUMENT_HISTORY_LENGTH = 20;

type Ctx = Context<AdminEnv>;
type FormBody = Record<string, string | File | (string | File)[]>;

const formValue = (body: FormBody, name: string): string => {
  const v = body[name];
  const first = Array.isArray(v) ? v[0] : v;
  return typeof first === 'string' ? first : '';
};

/** Messages shown after a redirect (post → redirect → get), keyed by a query parameter. */
function noticeFrom(c: Ctx): Notice | undefined {
  const q = (name: string) => c.req.query(name);
  if (q('saved')) return { kind: 'ok', text: `Tersimpan dan diterbitkan sebagai versi ${q('saved')}. Netra sudah memakai versi ini.` };
  if (q('proposed')) return { kind: 'ok', text: PROPOSED_MESSAGE };
  if (q('archived') === 'yes') return { kind: 'ok', text: 'Jawaban diarsipkan. Netra tidak lagi memakainya untuk menjawab.' };
  if (q('archived') === 'no') return { kind: 'ok', text: 'Jawaban aktif kembali.' };
  if (q('approved')) return { kind: 'ok', text: `Usulan disetujui dan diterbitkan sebagai versi ${q('approved')}.` };
  if (q('rejected')) return { kind: 'ok', text: 'Usulan ditolak. Editor dapat melihat alasannya.' };
  return undefined;
}

/** A non-published save result as a notice for the page that shows the form again. */
function failureNotice(result: SaveResult<unknown>): Notice | undefined {
  if (result.status === 'conflict') return { kind: 'error', text: result.message };
  if (result.status === 'not-found') return { kind: 'error', text: 'Data ini tidak ditemukan; mungkin sudah dihapus.' };
  return undefined;
}

const emptyEntry = (): KnowledgeEntry => ({ id: '', title: '', category: '', verdict: 'informasi', questions: [], keywords: [], sources: [], related: [], reviewed: new Date().toISOString().slice(0, 10), answer: '' });

/** Turns a title into a suggested id: "Foto bersama calon?" → "foto-bersama-calon". */
const slug = (title: string) =>
  title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');

/** The knowledge editor's pages under /admin (Hono JSX, server-rendered; forms post back here). */
export function editorPages(deps: EditorDeps): Hono<AdminEnv> {
  const pages = new Hono<AdminEnv>();

  async function renderEntry(c: Ctx, input: { id?: string; draft?: KnowledgeEntry; baseVersion?: number; problems?: FieldProblem[]; notice?: Notice; status?: 200 | 404 | 409 | 422 }) {
    const record = input.id ? await getEntry(deps.db, input.id) : null;
    if (input.id && !record) return c.html(<NotFound c={c} />, 404);
    const [categories, all, history] = await Promise.all([liveCategories(deps.db), listEntries(deps.db), record ? entryHistory(deps.db, record.entry.id) : Promise.resolve([])]);
    let diff;
    if (record) {
      const from = Number(c.req.query('from') ?? record.version - 1);
      const to = Number(c.req.query('to') ?? record.version);
      const [a, b] = await Promise.all([entryVersion(deps.db, record.entry.id, from), entryVersion(deps.db, record.entry.id, to)]);
      if (a && b) diff = { from, to, changes: diffEntries(a.entry, b.entry) };
    }
    return c.html(
      <EntryPage
        actor={c.get('actor')}
        record={record}
        draft={input.draft ?? record?.entry ?? emptyEntry()}
        baseVersion={input.baseVersion ?? record?.version ?? 0}
        problems={input.problems ?? []}
        categories={categories}
        otherEntries={all.filter((r) => !r.archived && r.entry.id !== record?.entry.id).map((r) => ({ id: r.entry.id, title: r.entry.title }))}
        history={history}
        {...(diff ? { diff } : {})}
        {...(input.notice ? { notice: input.notice } : {})}
      />,
      input.status ?? 200,
    );
  }

  /** After a save: published or proposed → redirect with a notice; otherwise the form again with the author's input. */
  async function afterEntrySave(c: Ctx, result: SaveResult<KnowledgeEntry>, draft: KnowledgeEntry, baseVersion: number, id: string | undefined) {
    await afterSave(deps, result);
    if (result.status === 'published') return c.redirect(`/admin/entries/${draft.id}?saved=${result.version}`, 303);
    if (result.status === 'proposed') return c.redirect(id ? `/admin/entries/${id}?proposed=1` : '/admin/proposals?proposed=1', 303);
    const notice = failureNotice(result);
    return renderEntry(c, {
      ...(id ? { id } : {}),
      draft,
      baseVersion,
      problems: result.status === 'invalid' ? result.problems : [],
      ...(notice ? { notice } : {}),
      status: result.status === 'invalid' ? 422 : result.status === 'conflict' ? 409 : 404,
    });
  }

  pages.get('/admin/entries', editors, async (c) => {
    const [rows, categories] = await Promise.all([listEntries(deps.db), liveCategories(deps.db)]);
    const query = parseEntryQuery(c.req.query());
    const shown = filterEntries(rows, query);
    return c.html(<EntryListPage actor={c.get('actor')} rows={shown} total={rows.filter((r) => r.archived === (query.archived ?? false)).length} query={query} categories={categories} />);
  });

  pages.get('/admin/entries/new', editors, async (c) => {
    // Prefill from the reports page ("create an entry from this group"): ?title=…&questions=… (one per line).
    const title = (c.req.query('title') ?? '').slice(0, 200);
    const draft: KnowledgeEntry = { ...emptyEntry(), title, id: slug(title), questions: lines(c.req.query('questions') ?? '').slice(0, 50), category: c.req.query('category') ?? '' };
    return renderEntry(c, { draft, baseVersion: 0 });
  });

  pages.post('/admin/entries/new', editors, async (c) => {
    const { entry } = entryFromForm(await c.req.parseBody({ all: true }));
    const result = await saveEntry(deps.db, c.get('actor'), { entry, baseVersion: 0 });
    return afterEntrySave(c, result, entry, 0, undefined);
  });

  pages.get(`/admin/entries/:id${ID}`, editors, async (c) => {
    const notice = noticeFrom(c);
    return renderEntry(c, { id: c.req.param('id'), ...(notice ? { notice } : {}) });
  });

  pages.post(`/admin/entries/:id${ID}`, editors, async (c) => {
    const id = c.req.param('id');
    const { entry, baseVersion } = entryFromForm(await c.req.parseBody({ all: true }));
    // The id field is read-only on the page; a changed id would be a new entry, not this one.
    const draft = { ...entry, id };
    const result = await saveEntry(deps.db, c.get('actor'), { entry: draft, baseVersion });
    return afterEntrySave(c, result, draft, baseVersion, id);
  });

  pages.post(`/admin/entries/:id${ID}/revert`, editors, async (c) => {
    const id = c.req.param('id');
    const body = await c.req.parseBody();
    const result = await revertEntry(deps.db, c.get('actor'), { id, toVersion: Number(formValue(body, 'toVersion')), baseVersion: Number(formValue(body, 'version')) });
    await afterSave(deps, result);
    if (result.status === 'published') return c.redirect(`/admin/entries/${id}?saved=${result.version}`, 303);
    if (result.status === 'proposed') return c.redirect(`/admin/entries/${id}?proposed=1`, 303);
    const notice: Notice =
      result.status === 'invalid'
        ? { kind: 'error', text: `Versi itu tidak bisa dikembalikan karena tidak lagi memenuhi aturan: ${result.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}` }
        : (failureNotice(result) ?? { kind: 'error', text: 'Gagal mengembalikan versi.' });
    return renderEntry(c, { id, notice, status: result.status === 'conflict' ? 409 : 422 });
  });

  pages.post(`/admin/entries/:id${ID}/archive`, admins, async (c) => {
    const id = c.req.param('id');
    const archived = formValue(await c.req.parseBody(), 'archived') === 'yes';
    const outcome = await setEntryArchived(deps.db, c.get('actor'), { id, archived });
    if (outcome === 'not-found') return c.html(<NotFound c={c} />, 404);
    await afterSave(deps, { status: 'published' });
    return c.redirect(`/admin/entries/${id}?archived=${archived ? 'yes' : 'no'}`, 303);
  });

  pages.get('/admin/proposals', editors, async (c) => {
    const wanted = c.req.query('status');
    const status: ProposalStatus = wanted === 'approved' || wanted === 'rejected' ? wanted : 'pending';
    const notice = c.req.query('proposed') ? { kind: 'ok' as const, text: PROPOSED_MESSAGE } : noticeFrom(c);
    const views = await proposalViews(deps.db, c.get('actor'), status);
    return c.html(<ProposalsPage actor={c.get('actor')} views={views} status={status} {...(notice ? { notice } : {})} />);
  });

  pages.post('/admin/proposals/:id/approve', admins, async (c) => {
    const result = await approveProposal(deps.db, c.get('actor'), c.req.param('id'));
    await afterSave(deps, result);
    if (result.status === 'published') return c.redirect(`/admin/proposals?approved=${result.version}`, 303);
    const text =
      result.status === 'already-decided'
        ? 'Usulan ini sudah diputuskan sebelumnya.'
        : result.status === 'invalid'
          ? `Usulan ini tidak lagi memenuhi aturan: ${result.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}. Tolak dan minta editor memperbaikinya.`
          : (failureNotice(result as SaveResult<unknown>)?.text ?? 'Usulan tidak ditemukan.');
    const views = await proposalViews(deps.db, c.get('actor'), 'pending');
    return c.html(<ProposalsPage actor={c.get('actor')} views={views} status="pending" notice={{ kind: 'error', text }} />, result.status === 'not-found' ? 404 : 409);
  });

  pages.post('/admin/proposals/:id/reject', admins, async (c) => {
    const comment = formValue(await c.req.parseBody(), 'comment').trim().slice(0, 2000);
    if (!comment) {
      const views = await proposalViews(deps.db, c.get('actor'), 'pending');
      return c.html(<ProposalsPage actor={c.get('actor')} views={views} status="pending" notice={{ kind: 'error', text: 'Tuliskan alasan penolakan agar editor tahu apa yang perlu diperbaiki.' }} />, 422);
    }
    const result = await rejectProposal(deps.db, c.get('actor'), c.req.param('id'), comment);
    if (result.status === 'rejected') return c.redirect('/admin/proposals?rejected=1', 303);
    const views = await proposalViews(deps.db, c.get('actor'), 'pending');
    const text = result.status === 'already-decided' ? 'Usulan ini sudah diputuskan sebelumnya.' : 'Usulan tidak ditemukan.';
    return c.html(<ProposalsPage actor={c.get('actor')} views={views} status="pending" notice={{ kind: 'error', text }} />, result.status === 'not-found' ? 404 : 409);
  });

  /** Each text's latest versions with what each changed, by text name. */
  async function textHistories(texts: DocumentHead<string>[]): Promise<Record<string, HistoryItem[]>> {
    const versions = await documentVersions(deps.db, texts.map((t) => textKey(t.key)), DOCUMENT_HISTORY_LENGTH);
    return Object.fromEntries(texts.map((t) => [t.key, textHistory(versions.get(textKey(t.key)) ?? [], DOCUMENT_HISTORY_LENGTH)]));
  }

  async function categoryHistory(): Promise<HistoryItem[]> {
    const versions = await documentVersions(deps.db, [CATEGORIES_KEY], DOCUMENT_HISTORY_LENGTH);
    return categoriesHistory(versions.get(CATEGORIES_KEY) ?? [], DOCUMENT_HISTORY_LENGTH);
  }

  pages.get('/admin/texts', editors, async (c) => {
    const notice = noticeFrom(c);
    const texts = await liveTextHeads(deps.db);
    return c.html(<TextsPage actor={c.get('actor')} texts={texts} histories={await textHistories(texts)} {...(notice ? { notice } : {})} />);
  });

  pages.post('/admin/texts/:name', editors, async (c) => {
    const name = c.req.param('name');
    if (!(REQUIRED_TEXTS as readonly string[]).includes(name)) return c.html(<NotFound c={c} />, 404);
    const body = await c.req.parseBody();
    const text = formValue(body, 'text').replace(/\r\n/g, '\n');
    const result = await saveText(deps.db, c.get('actor'), { name, text, baseVersion: Number(formValue(body, 'version')) || 0 });
    await afterSave(deps, result);
    if (result.status === 'published') return c.redirect(`/admin/texts?saved=${result.version}#text-${name}`, 303);
    if (result.status === 'proposed') return c.redirect('/admin/texts?proposed=1', 303);
    const notice = failureNotice(result);
    const problems = result.status === 'invalid' ? result.problems : [];
    const texts = await liveTextHeads(deps.db);
    return c.html(<TextsPage actor={c.get('actor')} texts={texts} histories={await textHistories(texts)} failed={{ name, text, problems }} {...(notice ? { notice } : {})} />, result.status === 'conflict' ? 409 : 422);
  });

  pages.get('/admin/categories', editors, async (c) => {
    const head = await liveCategoriesHead(deps.db);
    const notice = noticeFrom(c);
    return c.html(<CategoriesPage actor={c.get('actor')} head={head} rows={head?.data ?? []} problems={[]} history={await categoryHistory()} {...(notice ? { notice } : {})} />);
  });

  pages.post('/admin/categories', editors, async (c) => {
    const body = await c.req.parseBody({ all: true });
    const list = (name: string) => [body[name] ?? []].flat().map((v) => (typeof v === 'string' ? v.trim() : ''));
    const titles = list('category_title');
    const rows = list('category_id')
      .map((id, i) => ({ id, title: titles[i] ?? '' }))
      .filter((r) => r.id !== '' || r.title !== '');
    const result = await saveCategories(deps.db, c.get('actor'), { categories: rows, baseVersion: Number(formValue(body, 'version')) || 0 });
    await afterSave(deps, result);
    if (result.status === 'published') return c.redirect(`/admin/categories?saved=${result.version}`, 303);
    if (result.status === 'proposed') return c.redirect('/admin/categories?proposed=1', 303);
    const notice = failureNotice(result);
    const head = await liveCategoriesHead(deps.db);
    return c.html(
      <CategoriesPage actor={c.get('actor')} head={head} rows={rows} problems={result.status === 'invalid' ? result.problems : []} history={await categoryHistory()} {...(notice ? { notice } : {})} />,
      result.status === 'conflict' ? 409 : 422,
    );
  });

  return pages;
}

function NotFound({ c }: { c: Ctx }) {
  return (
    <Layout title="Tidak ditemukan" actor={c.get('actor')} current="/admin/entries">
      <h1>Tidak ditemukan</h1>
      <p>
        Jawaban atau halaman ini tidak ada. <a href="/admin/entries">Kembali ke daftar jawaban</a>
      </p>
    </Layout>
  );
}
