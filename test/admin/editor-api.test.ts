import SwaggerParser from '@apidevtools/swagger-parser';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/db/schema.js';
import { bearerFor } from '../helpers/admin.js';
import { startTestNetra } from '../helpers/netra.js';

const ADMIN_TOKEN = 'bootstrap-admin-token-0123456789';
const ID = 'foto-bersama-calon';

type Headers = Record<string, string>;

// The machine is shared and a publish rebuilds the matcher: generous limits, no timing assertions.
describe('knowledge editor API and pages', { timeout: 240_000 }, () => {
  let server: Awaited<ReturnType<typeof startTestNetra>>;
  let as: Record<'admin' | 'editor' | 'reviewer', Headers>;
  const call = (method: string, path: string, headers: Headers = {}, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const entry = async (id = ID) => (await (await call('GET', `/api/admin/entries/${id}`, as.admin)).json()) as Record<string, unknown> & { version: number; answer: string; title: string; questions: string[] };
  const withoutMeta = ({ archived: _a, updatedBy: _b, updatedAt: _c, pendingProposals: _d, ...rest }: Record<string, unknown>) => rest;

  beforeAll(async () => {
    server = await startTestNetra({ ADMIN_TOKEN });
    const db = server.netra.database.db;
    as = { admin: await bearerFor(db, 'admin'), editor: await bearerFor(db, 'editor'), reviewer: await bearerFor(db, 'reviewer') };
  }, 300_000);
  afterAll(() => server.netra.stop());

  it('lets admins and editors use every route, refuses reviewers (403) and anonymous callers (401)', async () => {
    const current = await entry();
    const routes: { method: string; path: string; body?: unknown; adminOnly?: boolean }[] = [
      { method: 'GET', path: '/api/admin/entries' },
      { method: 'GET', path: `/api/admin/entries/${ID}` },
      { method: 'GET', path: `/api/admin/entries/${ID}/versions` },
      { method: 'GET', path: `/api/admin/entries/${ID}/versions/1` },
      { method: 'GET', path: `/api/admin/entries/${ID}/diff?from=1&to=1` },
      { method: 'POST', path: '/api/admin/preview', body: { id: ID, title: 'Judul', answer: 'Isi' } },
      { method: 'GET', path: '/api/admin/proposals' },
      { method: 'GET', path: '/api/admin/texts' },
      { method: 'GET', path: '/api/admin/categories' },
      { method: 'PUT', path: `/api/admin/entries/${ID}`, body: withoutMeta(current) },
      { method: 'POST', path: `/api/admin/entries/${ID}/archive`, body: { archived: false }, adminOnly: true },
      { method: 'POST', path: '/api/admin/proposals/00000000-0000-4000-8000-000000000000/approve', adminOnly: true },
      { method: 'POST', path: '/api/admin/proposals/00000000-0000-4000-8000-000000000000/reject', body: { comment: 'x' }, adminOnly: true },
    ];
    for (const route of routes) {
      const anonymous = await call(route.method, route.path, {}, route.body);
      expect(anonymous.status, `${route.method} ${route.path} anonymous`).toBe(401);
      const reviewer = await call(route.method, route.path, as.reviewer, route.body);
      expect(reviewer.status, `${route.method} ${route.path} reviewer`).toBe(403);
      expect(((await reviewer.json()) as { message: string }).message).toContain('tidak berwenang');
      const editor = await call(route.method, route.path, as.editor, route.body);
      if (route.adminOnly) expect(editor.status, `${route.method} ${route.path} editor`).toBe(403);
      else expect([200, 202], `${route.method} ${route.path} editor`).toContain(editor.status);
      const admin = await call(route.method, route.path, as.admin, route.body);
      expect(admin.status, `${route.method} ${route.path} admin`).toBeLessThan(405);
      expect([401, 403]).not.toContain(admin.status);
    }
    for (const page of ['/admin/entries', `/admin/entries/${ID}`, '/admin/entries/new', '/admin/proposals', '/admin/texts', '/admin/categories']) {
      expect((await call('GET', page)).status, page).toBe(401);
      const refused = await call('GET', page, { ...as.reviewer, accept: 'text/html' });
      expect(refused.status, page).toBe(403);
      expect(await refused.text()).toContain('Akses ditolak');
      expect((await call('GET', page, as.editor)).status, page).toBe(200);
      expect((await call('GET', page, as.admin)).status, page).toBe(200);
    }
  });

  it('answers 409 naming the other author when a save is based on a stale version', async () => {
    const base = await entry();
    const first = await call('PUT', `/api/admin/entries/${ID}`, { authorization: `Bearer ${ADMIN_TOKEN}` }, { ...withoutMeta(base), title: 'Berfoto bersama calon (diperbarui)' });
    expect(first.status).toBe(200);
    const stale = await call('PUT', `/api/admin/entries/${ID}`, as.admin, { ...withoutMeta(base), title: 'Perubahan yang terlambat' });
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { changedBy: string; message: string; currentVersion: number };
    expect(body.changedBy).toBe('ADMIN_TOKEN');
    expect(body.message).toContain('ADMIN_TOKEN');
    expect(body.currentVersion).toBe(base.version + 1);
    expect((await entry()).title).toBe('Berfoto bersama calon (diperbarui)');
  });

  it('reports broken knowledge rules per field (422) and a wrong request shape per field (400)', async () => {
    const base = await entry();
    const res = await call('PUT', `/api/admin/entries/${ID}`, as.admin, { ...withoutMeta(base), questions: ['satu'], answer: 'a'.repeat(950), sources: [{ title: 'UU', ref: 'Pasal 1', url: 'bukan-url', kind: 'regulation' }] });
    expect(res.status).toBe(422);
    const problems = ((await res.json()) as { problems: { field: string; message: string }[] }).problems;
    expect(problems).toEqual(expect.arrayContaining([
      { field: 'questions', message: 'minimal 6 pertanyaan' },
      { field: 'answer', message: 'jawaban 950 karakter, maksimal 900' },
      expect.objectContaining({ field: 'sources.0.url' }),
    ]));
    const shape = await call('PUT', `/api/admin/entries/${ID}`, as.admin, { ...withoutMeta(base), questions: 'bukan daftar', verdict: 'mungkin' });
    expect(shape.status).toBe(400);
    const shapeBody = (await shape.json()) as { problems: { field: string; message: string }[] };
    expect(shapeBody.problems.map((p) => p.field).sort()).toEqual(['questions', 'verdict']);
    const malformed = await fetch(`${server.url}/api/admin/entries/${ID}`, { method: 'PUT', headers: { ...as.admin, 'content-type': 'application/json' }, body: '{"id":' });
    expect(malformed.status).toBe(400);
  });

  it("makes an editor's change wait for approval, then publishes it live on approval", async () => {
    const base = await entry();
    const proposed = await call('PUT', `/api/admin/entries/${ID}`, as.editor, { ...withoutMeta(base), title: 'Usulan editor: berfoto dengan calon' });
    expect(proposed.status).toBe(202);
    const { proposalId } = (await proposed.json()) as { proposalId: string };
    expect((await entry()).title).not.toContain('Usulan editor');
    const list = (await (await call('GET', '/api/admin/proposals', as.editor)).json()) as { proposals: { id: string; changes: { field: string }[]; stale: boolean }[] };
    const mine = list.proposals.find((p) => p.id === proposalId)!;
    expect(mine.changes.map((c) => c.field)).toEqual(['title']);
    expect(mine.stale).toBe(false);
    const approved = await call('POST', `/api/admin/proposals/${proposalId}/approve`, as.admin);
    expect(approved.status).toBe(200);
    expect((await entry()).title).toBe('Usulan editor: berfoto dengan calon');
    const ask = (await (await server.post('/api/ask', { entryId: ID })).json()) as { entry: { title: string } };
    expect(ask.entry.title).toBe('Usulan editor: berfoto dengan calon');
    const rows = await server.netra.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'entry.approve'), eq(auditLog.target, `entry:${ID}`)));
    expect(rows).toHaveLength(1);
    expect((await call('POST', `/api/admin/proposals/${proposalId}/reject`, as.admin, { comment: 'terlambat' })).status).toBe(409);
  });

  it('reverts through the API and shows the diff between two versions', async () => {
    const before = await entry();
    await call('PUT', `/api/admin/entries/${ID}`, as.admin, { ...withoutMeta(before), title: 'Judul sementara' });
    const reverted = await call('POST', `/api/admin/entries/${ID}/revert`, as.admin, { toVersion: before.version, version: before.version + 1 });
    expect(reverted.status).toBe(200);
    expect((await entry()).title).toBe(before.title);
    const diff = (await (await call('GET', `/api/admin/entries/${ID}/diff?from=${before.version}&to=${before.version + 1}`, as.admin)).json()) as { changes: { field: string; before: string; after: string }[] };
    expect(diff.changes).toEqual([expect.objectContaining({ field: 'title', before: before.title, after: 'Judul sementara' })]);
    const versions = (await (await call('GET', `/api/admin/entries/${ID}/versions`, as.admin)).json()) as { versions: { version: number; author: string }[] };
    expect(versions.versions[0]).toMatchObject({ version: before.version + 2, author: 'Token «test admin»' });
  });

  it('stops answering with an archived entry and answers again once unarchived', async () => {
    const question = (await entry('medsos-like-komentar-share')).questions[0]!;
    const askEntry = async () => ((await (await server.post('/api/ask', { text: question })).json()) as { entry: { id: string } | null }).entry?.id;
    expect(await askEntry()).toBe('medsos-like-komentar-share');
    expect((await call('POST', '/api/admin/entries/medsos-like-komentar-share/archive', as.admin, { archived: true })).status).toBe(200);
    expect(await askEntry()).not.toBe('medsos-like-komentar-share');
    const listed = (await (await call('GET', '/api/admin/entries?archived=yes', as.admin)).json()) as { entries: { id: string }[] };
    expect(listed.entries.map((e) => e.id)).toEqual(['medsos-like-komentar-share']);
    await call('POST', '/api/admin/entries/medsos-like-komentar-share/archive', as.admin, { archived: false });
    expect(await askEntry()).toBe('medsos-like-komentar-share');
  });

  it('creates an entry, and edits the welcome text that /start shows', async () => {
    const base = await entry();
    const created = await call('POST', '/api/admin/entries', as.admin, {
      ...withoutMeta(base),
      id: 'contoh-entri-baru',
      title: 'Contoh entri baru',
      questions: ['Apa itu entri contoh?', 'entri contoh gunanya apa', 'contoh entri buat apa', 'entri percobaan', 'uji coba entri', 'entri uji'],
      related: [],
      version: 0,
    });
    expect(created.status).toBe(200);
    expect(((await created.json()) as { entry: { version: number } }).entry.version).toBe(1);
    const texts = (await (await call('GET', '/api/admin/texts', as.admin)).json()) as { texts: { name: string; version: number }[] };
    const welcome = texts.texts.find((t) => t.name === 'welcome')!;
    const saved = await call('PUT', '/api/admin/texts/welcome', as.admin, { text: 'Selamat datang di Netra versi uji.', version: welcome.version });
    expect(saved.status).toBe(200);
    const start = (await (await server.post('/api/ask', { text: '/start' })).json()) as { answer: string };
    expect(start.answer).toBe('Selamat datang di Netra versi uji.');
    const audit = await server.netra.database.db.select().from(auditLog).where(eq(auditLog.target, 'text:welcome'));
    expect(audit.map((a) => a.action)).toContain('text.save');
  });

  it('shows each text and the category list with their latest versions and what each changed', async () => {
    const texts = (await (await call('GET', '/api/admin/texts', as.admin)).json()) as { texts: { name: string; version: number }[] };
    const fallback = texts.texts.find((t) => t.name === 'fallback')!;
    expect((await call('PUT', '/api/admin/texts/fallback', as.admin, { text: 'Maaf, Netra belum tahu jawabannya.', version: fallback.version })).status).toBe(200);
    const page = await (await call('GET', '/admin/texts', as.admin)).text();
    const history = /<details class="doc-history" id="riwayat-fallback">([\s\S]*?)<\/details>/.exec(page)?.[1] ?? '';
    expect(history).toContain(`Versi ${fallback.version + 1}</strong> (berlaku)`);
    expect(history).toContain('Maaf, Netra belum tahu jawabannya.');
    expect(history).toMatch(/class="removed"/);
    expect(history).toMatch(new RegExp(`Versi ${fallback.version}</strong> ·`));

    const categories = (await (await call('GET', '/api/admin/categories', as.admin)).json()) as { categories: { id: string; title: string }[]; version: number };
    const renamed = categories.categories.map((c, i) => (i === 0 ? { ...c, title: `${c.title} (uji riwayat)` } : c));
    expect((await call('PUT', '/api/admin/categories', as.admin, { categories: renamed, version: categories.version })).status).toBe(200);
    const categoriesPage = await (await call('GET', '/admin/categories', as.admin)).text();
    expect(categoriesPage).toContain(`Versi ${categories.version + 1}</strong> (berlaku)`);
    const html = (text: string) => text.replace(/&/g, '&amp;');
    expect(categoriesPage).toContain(html(`${categories.categories[0]!.id} — ${categories.categories[0]!.title} (uji riwayat)`));
  });

  it('previews a draft exactly as the channels render it, with the 900-character count', async () => {
    const res = await call('POST', '/api/admin/preview', as.editor, { id: ID, title: 'Pratinjau', verdict: 'boleh', answer: '**Boleh**, dengan syarat.', sources: [{ title: 'PP 94/2021', ref: 'Pasal 5', kind: 'regulation' }], baseVersion: 1 });
    const preview = (await res.json()) as { characters: number; limit: number; telegram: { html: string }[]; whatsapp: string; web: { entry: { verdictLabel: string }; sources: unknown[] }; changes: { field: string }[] };
    expect(preview).toMatchObject({ characters: 25, limit: 900 });
    expect(preview.telegram[0]!.html).toContain('<b>Boleh</b>, dengan syarat.');
    expect(preview.whatsapp).toContain('*Boleh*, dengan syarat.');
    expect(preview.whatsapp).toContain('- PP 94/2021, Pasal 5');
    expect(preview.web.entry.verdictLabel).toBe('✅ Boleh');
    expect(preview.changes.map((c) => c.field)).toContain('answer');
  });

  it('saves from the HTML form: field problems next to the field, and a redirect once published', async () => {
    const base = await entry();
    const form = new URLSearchParams({ version: String(base.version), title: base.title, category: base.category as string, verdict: base.verdict as string, questions: 'cuma satu', answer: base.answer, reviewed: base.reviewed as string, keywords: '', related: '' });
    const bad = await fetch(`${server.url}/admin/entries/${ID}`, { method: 'POST', headers: as.admin, body: form });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/id="f-questions-error"[^>]*><li>minimal 6 pertanyaan<\/li>/);
    expect(html).toContain('aria-invalid="true"');
    form.set('questions', base.questions.join('\n'));
    form.set('answer', `${base.answer.slice(0, 800)}\n\nDari formulir.`);
    for (const s of base.sources as { title: string; ref: string; url?: string; kind?: string }[]) {
      form.append('source_title', s.title);
      form.append('source_ref', s.ref);
      form.append('source_url', s.url ?? '');
      form.append('source_kind', s.kind ?? 'regulation');
    }
    const ok = await fetch(`${server.url}/admin/entries/${ID}`, { method: 'POST', headers: as.admin, body: form, redirect: 'manual' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/admin/entries/${ID}?saved=${base.version + 1}`);
    expect((await entry()).answer).toContain('Dari formulir.');
  });

  it('prefills a new entry from the reports page link', async () => {
    const html = await (await call('GET', `/admin/entries/new?title=${encodeURIComponent('Foto dengan caleg')}&questions=${encodeURIComponent('boleh foto caleg?\nfoto caleg di kantor')}`, as.editor)).text();
    expect(html).toContain('value="Foto dengan caleg"');
    expect(html).toContain('value="foto-dengan-caleg"');
    expect(html).toContain('boleh foto caleg?\nfoto caleg di kantor</textarea>');
    expect(html).toContain('Kirim usulan');
  });

  it('publishes a valid OpenAPI 3.1 document covering the admin and public routes', async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/admin/entries',
      '/api/admin/entries/{id}',
      '/api/admin/entries/{id}/versions',
      '/api/admin/entries/{id}/revert',
      '/api/admin/proposals/{id}/approve',
      '/api/admin/texts/{name}',
      '/api/admin/categories',
      '/api/ask',
      '/api/feedback',
      '/api/admin/match',
      '/api/admin/phrasings/impact',
      '/api/admin/phrasings',
    ]));
    const feedback = doc.paths['/api/feedback']!.post as { requestBody: { content: { 'application/json': { schema: { $ref?: string } } } } };
    expect(JSON.stringify(doc)).toContain('feedbackToken');
    expect(feedback.requestBody.content['application/json'].schema).toBeDefined();
    expect(Object.keys(doc.paths['/api/admin/entries/{id}']!).sort()).toEqual(['get', 'put']);
    expect(Object.keys((doc.paths['/api/admin/entries/{id}']!.put as { responses: object }).responses)).toEqual(expect.arrayContaining(['200', '202', '409', '422']));
  });
});
