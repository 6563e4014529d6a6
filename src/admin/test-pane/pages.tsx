import type { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { KnowledgeEntry } from '../../kb/types.js';
import type { Explanation } from '../../matcher/types.js';
import { parseCases } from '../../matcher/evaluate.js';
import { requireRole } from '../access.js';
import type { Actor, AdminEnv } from '../types.js';
import { Layout } from '../views/layout.js';
import {
  addPhrasing,
  explainAll,
  MAX_BATCH,
  phrasingImpact,
  recentMisses,
  type AddPhrasingResult,
  type PhrasingImpact,
  type RecentMiss,
  type TestedQuestion,
  type TestPaneDeps,
} from './service.js';

const STATUS_LABEL: Record<string, string> = { answered: 'Dijawab', clarify: 'Bertanya balik', fallback: 'Tidak terjawab' };
const EFFECT_LABEL = { fixed: 'Jadi benar', broken: 'Jadi salah', changed: 'Berubah' } as const;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function Status(props: { status: string }) {
  return <span class={`status ${props.status}`}>{STATUS_LABEL[props.status] ?? props.status}</span>;
}

function Page(props: { actor: Actor; title: string; children: Child }) {
  return (
    <Layout title={props.title} actor={props.actor} current="/admin/test" styles={['/admin/assets/test-pane.css']} wide>
      {props.children}
    </Layout>
  );
}

function Csrf(props: { actor: Actor }) {
  return props.actor.csrfToken ? <input type="hidden" name="_csrf" value={props.actor.csrfToken} /> : null;
}

function entryOptions(entries: Iterable<KnowledgeEntry>, selected: string | undefined) {
  return [...entries]
    .sort((a, b) => a.title.localeCompare(b.title, 'id'))
    .map((e) => (
      <option value={e.id} selected={e.id === selected}>
        {e.title}
      </option>
    ));
}

/** "Add as phrasing of <entry>": opens the impact preview, where the change is confirmed. */
function AddPhrasingForm(props: { text: string; entries: Iterable<KnowledgeEntry>; suggested?: string; idPrefix: string }) {
  return (
    <form method="get" action="/admin/test/phrasing" class="add-phrasing">
      <input type="hidden" name="text" value={props.text} />
      <label for={`${props.idPrefix}-entry`}>Tambahkan pertanyaan ini sebagai frasa dari jawaban:</label>
      <div class="inline">
        <select id={`${props.idPrefix}-entry`} name="entry">
          {entryOptions(props.entries, props.suggested)}
        </select>
        <button type="submit">Periksa dampak…</button>
      </div>
    </form>
  );
}

function Explained(props: { result: TestedQuestion; entries: ReadonlyMap<string, KnowledgeEntry> }) {
  const r = props.result;
  const answered = r.entryId ? props.entries.get(r.entryId) : undefined;
  return (
    <section class="card" aria-labelledby="hasil">
      <h2 id="hasil">Hasil</h2>
      <p class="verdict-line">
        <Status status={r.status} /> {answered ? <strong>{answered.title}</strong> : null}
      </p>
      <dl class="facts">
        <dt>Skor terbaik</dt>
        <dd>
          {r.score.toFixed(3)} (ambang jawab {r.applied.answer.toFixed(2)}, ambang tanya balik {r.applied.clarify.toFixed(2)})
        </dd>
        <dt>Selisih dengan peringkat 2</dt>
        <dd>
          {r.lead.toFixed(3)} (minimal {r.applied.margin.toFixed(2)}
          {r.runnerUpIsNeighbour ? ', karena peringkat 2 satu kategori' : ''})
        </dd>
        <dt>Bacaan kedua</dt>
        <dd>{secondReading(r)}</dd>
        <dt>Topik pemilu</dt>
        <dd>{r.inDomain ? 'Ya: ada kata pemilu dan kata perilaku ASN' : r.electionWord ? 'Sebagian: hanya kata pemilu' : 'Tidak ada kata pemilu'}</dd>
        <dt>Teks setelah dinormalkan</dt>
        <dd>
          <code>{r.normalized || '(kosong)'}</code>
        </dd>
      </dl>
      <h3>Kandidat teratas</h3>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Jawaban</th>
              <th scope="col" class="num">Skor</th>
              <th scope="col" class="num">Kemiripan</th>
              <th scope="col" class="num">Klasifikasi</th>
              <th scope="col">Frasa paling mirip</th>
            </tr>
          </thead>
          <tbody>
            {r.candidates.map((c, i) => (
              <tr>
                <td>{i + 1}</td>
                <td>
                  <span class={`badge ${c.verdict}`}>{c.verdict}</span> {c.title}
                  <div class="muted small">{c.entryId}</div>
                </td>
                <td class="num">{c.score.toFixed(3)}</td>
                <td class="num">{c.retrieval.toFixed(3)}</td>
                <td class="num">{c.probability.toFixed(3)}</td>
                <td>{c.matchedPhrase}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.candidates.length === 0 ? <p class="muted">Tidak ada jawaban yang punya kata yang sama dengan pertanyaan ini.</p> : null}
      <AddPhrasingForm text={r.text} entries={props.entries.values()} suggested={r.candidates[0]?.entryId} idPrefix="single" />
    </section>
  );
}

function BatchTable(props: { results: TestedQuestion[]; entries: ReadonlyMap<string, KnowledgeEntry> }) {
  const labelled = props.results.filter((r) => r.right !== undefined);
  const right = labelled.filter((r) => r.right).length;
  return (
    <section class="card" aria-labelledby="hasil-daftar">
      <h2 id="hasil-daftar">Hasil {props.results.length} pertanyaan</h2>
      {labelled.length > 0 ? (
        <p>
          Benar: <strong>{right}</strong> dari {labelled.length} ({pct(right / labelled.length)}).
        </p>
      ) : null}
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Pertanyaan</th>
              <th scope="col">Hasil</th>
              <th scope="col">Jawaban / kandidat teratas</th>
              <th scope="col" class="num">Skor</th>
              {labelled.length > 0 ? <th scope="col">Seharusnya</th> : null}
              {labelled.length > 0 ? <th scope="col">Benar?</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.results.map((r) => {
              const top = r.candidates[0];
              return (
                <tr>
                  <td>
                    <a href={`/admin/test?q=${encodeURIComponent(r.text)}`}>{r.text}</a>
                  </td>
                  <td>
                    <Status status={r.status} />
                  </td>
                  <td>{top ? `${top.title} (${top.entryId})` : '—'}</td>
                  <td class="num">{r.score.toFixed(3)}</td>
                  {labelled.length > 0 ? <td>{r.expected === undefined ? '' : r.expected === null ? '(di luar topik)' : r.expected}</td> : null}
                  {labelled.length > 0 ? <td>{r.right === undefined ? '' : r.right ? <span class="right">✓ Benar</span> : <span class="wrong">✗ Salah</span>}</td> : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Misses(props: { misses: RecentMiss[] }) {
  return (
    <section class="card" aria-labelledby="belum-terjawab">
      <h2 id="belum-terjawab">Pertanyaan terbaru yang belum terjawab atau dinilai tidak membantu</h2>
      {props.misses.length === 0 ? (
        <p class="muted">Belum ada dalam 30 hari terakhir.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Waktu</th>
                <th scope="col">Pertanyaan (data pribadi disamarkan)</th>
                <th scope="col">Hasil</th>
                <th scope="col">Tindakan</th>
              </tr>
            </thead>
            <tbody>
              {props.misses.map((m) => (
                <tr>
                  <td>{new Intl.DateTimeFormat('id-ID', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Asia/Jakarta' }).format(m.at)}</td>
                  <td>{m.text}</td>
                  <td>
                    <Status status={m.status} /> {m.disliked ? <span class="wrong small">dinilai tidak membantu</span> : null}
                  </td>
                  <td>
                    <a href={`/admin/test?q=${encodeURIComponent(m.text)}`}>Uji &amp; tambahkan sebagai frasa</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function TestPage(props: { actor: Actor; q: string; lines: string; single?: TestedQuestion; batch?: TestedQuestion[]; error?: string; misses: RecentMiss[]; entries: ReadonlyMap<string, KnowledgeEntry> }) {
  return (
    <Page actor={props.actor} title="Uji pertanyaan">
      <h1>Uji pertanyaan</h1>
      <p class="muted">Lihat persis apa yang dilakukan Netra saat ini terhadap sebuah pertanyaan, tanpa tercatat di laporan.</p>
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      <form method="get" action="/admin/test" class="card">
        <label for="q">Pertanyaan</label>
        <input type="search" id="q" name="q" value={props.q} placeholder="mis. boleh gak asn like postingan paslon?" maxlength={1000} />
        <div class="actions">
          <button type="submit">Uji</button>
        </div>
      </form>
      {props.single ? <Explained result={props.single} entries={props.entries} /> : null}
      <form method="post" action="/admin/test/batch" enctype="multipart/form-data" class="card">
        <h2>Uji banyak pertanyaan sekaligus</h2>
        <Csrf actor={props.actor} />
        <label for="lines">Satu pertanyaan per baris</label>
        <textarea id="lines" name="lines">
          {props.lines}
        </textarea>
        <label for="file">atau berkas JSONL ({'{"text": "...", "expected": "id-jawaban"}'} per baris; "expected" boleh tidak ada)</label>
        <input type="file" id="file" name="file" accept=".jsonl,.json,.txt,application/json,text/plain" />
        <p class="muted small">Paling banyak {MAX_BATCH} pertanyaan.</p>
        <div class="actions">
          <button type="submit">Uji semua</button>
        </div>
      </form>
      {props.batch ? <BatchTable results={props.batch} entries={props.entries} /> : null}
      <Misses misses={props.misses} />
    </Page>
  );
}

function ImpactPage(props: { actor: Actor; impact: PhrasingImpact; entry: KnowledgeEntry }) {
  const { impact, entry } = props;
  const blocked = impact.inLabelledSets.length > 0 || impact.duplicate;
  return (
    <Page actor={props.actor} title="Dampak frasa baru">
      <h1>Dampak menambah frasa</h1>
      <section class="card">
        <p>
          Frasa baru: <strong>“{impact.text}”</strong>
          <br />
          untuk jawaban: <span class={`badge ${entry.verdict}`}>{entry.verdict}</span> <strong>{entry.title}</strong> <span class="muted">({entry.id})</span>
        </p>
        <p>
          Pertanyaan ini sekarang: <Status status={impact.now.status} /> {impact.now.entryId ?? ''} → sesudahnya: <Status status={impact.after.status} />{' '}
          {impact.after.entryId ?? ''}
        </p>
      </section>
      {impact.inLabelledSets.length > 0 ? (
        <p class="notice error" role="alert">
          Pertanyaan ini ada di set uji berlabel ({impact.inLabelledSets.join(', ')}). Jangan dijadikan frasa: angka evaluasi akan menjadi tidak jujur.
        </p>
      ) : null}
      {impact.duplicate ? (
        <p class="notice error" role="alert">
          Frasa ini sudah ada di jawaban tersebut.
        </p>
      ) : null}
      <section class="card" aria-labelledby="dampak">
        <h2 id="dampak">Dampak pada set uji berlabel</h2>
        {impact.sets.length === 0 ? (
          <p class="notice">Set uji berlabel tidak tersedia di server ini, jadi dampaknya tidak dapat dihitung.</p>
        ) : (
          <p>
            Diperiksa: {impact.sets.map((s) => `${s.name} (${s.cases} pertanyaan)`).join(', ')}.{' '}
            <span class="right">{impact.counts.fixed} jadi benar</span>, <span class="wrong">{impact.counts.broken} jadi salah</span>, {impact.counts.changed} berubah lainnya.
          </p>
        )}
        {impact.changes.length > 0 ? (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Set</th>
                  <th scope="col">Pertanyaan</th>
                  <th scope="col">Seharusnya</th>
                  <th scope="col">Sebelum</th>
                  <th scope="col">Sesudah</th>
                  <th scope="col">Dampak</th>
                </tr>
              </thead>
              <tbody>
                {impact.changes.map((c) => (
                  <tr>
                    <td>
                      {c.set}:{c.line}
                    </td>
                    <td>{c.text}</td>
                    <td>{c.expect === null ? '(di luar topik)' : Array.isArray(c.expect) ? c.expect.join(' / ') : c.expect}</td>
                    <td>
                      <Status status={c.before.status} /> {c.before.entryId ?? ''}
                    </td>
                    <td>
                      <Status status={c.after.status} /> {c.after.entryId ?? ''}
                    </td>
                    <td class={c.effect === 'fixed' ? 'right' : c.effect === 'broken' ? 'wrong' : ''}>{EFFECT_LABEL[c.effect]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : impact.sets.length > 0 ? (
          <p class="notice ok">Tidak ada pertanyaan berlabel yang berubah hasilnya.</p>
        ) : null}
      </section>
      {blocked ? null : (
        <form method="post" action="/admin/test/phrasing" class="actions">
          <Csrf actor={props.actor} />
          <input type="hidden" name="entry" value={entry.id} />
          <input type="hidden" name="text" value={impact.text} />
          <button type="submit">{props.actor.role === 'admin' ? 'Simpan & terbitkan frasa' : 'Ajukan frasa untuk disetujui'}</button>
          <a class="button secondary" href={`/admin/test?q=${encodeURIComponent(impact.text)}`}>
            Batal
          </a>
        </form>
      )}
    </Page>
  );
}

function SavedPage(props: { actor: Actor; result: AddPhrasingResult; text: string }) {
  const r = props.result;
  const message =
    r.status === 'published'
      ? `Frasa disimpan sebagai versi ${r.version} dari ${r.entryId} dan sudah berlaku.`
      : r.status === 'proposed'
        ? 'Frasa diajukan sebagai usulan; admin perlu menyetujuinya sebelum berlaku.'
        : r.status === 'not-found'
          ? 'Jawaban tidak ditemukan (mungkin sudah diarsipkan).'
          : r.message;
  const ok = r.status === 'published' || r.status === 'proposed';
  return (
    <Page actor={props.actor} title={ok ? 'Frasa disimpan' : 'Frasa tidak disimpan'}>
      <h1>{ok ? (r.status === 'published' ? 'Frasa disimpan' : 'Usulan dikirim') : 'Frasa tidak disimpan'}</h1>
      <p class={`notice ${ok ? 'ok' : 'error'}`} role={ok ? 'status' : 'alert'}>
        {message}
      </p>
      <p>
        <a href={`/admin/test?q=${encodeURIComponent(props.text)}`}>Uji lagi pertanyaan ini</a>
      </p>
    </Page>
  );
}

/** Reads the batch form: pasted lines and/or an uploaded JSONL file. */
async function batchItems(form: Record<string, unknown>): Promise<{ items: { text: string; expected?: string | null }[]; lines: string } | { error: string; lines: string }> {
  const lines = typeof form.lines === 'string' ? form.lines : '';
  const items: { text: string; expected?: string | null }[] = lines
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((text) => ({ text }));
  const file = form.file;
  if (file instanceof File && file.size > 0) {
    if (file.size > 2 * 1024 * 1024) return { error: 'Berkas terlalu besar (maksimal 2 MB).', lines };
    try {
      for (const c of parseCases(await file.text(), file.name || 'berkas')) {
        items.push({ text: c.text, ...(c.expect !== undefined ? { expected: Array.isArray(c.expect) ? (c.expect[0] ?? null) : c.expect } : {}) });
      }
    } catch (error) {
      return { error: `Berkas tidak dapat dibaca: ${(error as Error).message}`, lines };
    }
  }
  if (items.length === 0) return { error: 'Tulis minimal satu pertanyaan atau pilih berkas.', lines };
  if (items.length > MAX_BATCH) return { error: `Terlalu banyak pertanyaan (${items.length}); paling banyak ${MAX_BATCH}.`, lines };
  return { items, lines };
}

/** `/admin/test`: the test pane pages (admins and editors). */
export function testPanePages(admin: Hono<AdminEnv>, deps: TestPaneDeps): void {
  const allowed = requireRole('admin', 'editor');

  admin.get('/admin/test', allowed, async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 1000);
    const snapshot = deps.knowledge();
    const single = q ? explainAll(snapshot, [{ text: q }])[0] : undefined;
    return c.html(<TestPage actor={c.get('actor')} q={q} lines="" {...(single ? { single } : {})} misses={await recentMisses(deps.db)} entries={snapshot.entries} />);
  });

  admin.post('/admin/test/batch', allowed, async (c) => {
    const snapshot = deps.knowledge();
    const read = await batchItems(await c.req.parseBody());
    const misses = await recentMisses(deps.db);
    if ('error' in read) return c.html(<TestPage actor={c.get('actor')} q="" lines={read.lines} error={read.error} misses={misses} entries={snapshot.entries} />, 400);
    return c.html(<TestPage actor={c.get('actor')} q="" lines={read.lines} batch={explainAll(snapshot, read.items)} misses={misses} entries={snapshot.entries} />);
  });

  admin.get('/admin/test/phrasing', allowed, async (c) => {
    const entryId = c.req.query('entry') ?? '';
    const text = (c.req.query('text') ?? '').trim();
    const impact = await phrasingImpact(deps, entryId, text);
    const entry = deps.knowledge().entries.get(entryId);
    if (!('entryId' in impact) || !entry) {
      const result: AddPhrasingResult = 'status' in impact ? impact : { status: 'not-found' };
      return c.html(<SavedPage actor={c.get('actor')} result={result} text={text} />, result.status === 'not-found' ? 404 : 422);
    }
    return c.html(<ImpactPage actor={c.get('actor')} impact={impact} entry={entry} />);
  });

  admin.post('/admin/test/phrasing', allowed, async (c) => {
    const form = await c.req.parseBody();
    const text = typeof form.text === 'string' ? form.text : '';
    const entryId = typeof form.entry === 'string' ? form.entry : '';
    const result = await addPhrasing(deps, c.get('actor'), { entryId, text });
    const status = result.status === 'published' || result.status === 'proposed' ? 200 : result.status === 'not-found' ? 404 : result.status === 'conflict' ? 409 : 422;
    return c.html(<SavedPage actor={c.get('actor')} result={result} text={text} />, status);
  });
}

/** What the character-fragment reading said, and whether it relaxed the thresholds above. */
function secondReading(r: Explanation): string {
  if (!r.viewsAgree) return 'Berbeda: pembacaan per potongan huruf tidak menaruh topik teratas di urutan pertama.';
  const relaxed = r.inDomain && r.runnerUpSharesVerdict;
  return relaxed
    ? 'Sama: pembacaan per potongan huruf juga memilih topik teratas, dan peringkat 2 berkesimpulan sama, jadi ambang yang lebih longgar berlaku.'
    : 'Sama: pembacaan per potongan huruf juga memilih topik teratas (ambang tidak dilonggarkan: ' +
        (r.inDomain ? 'peringkat 2 berkesimpulan lain' : 'tanpa kata pemilu dan kata perilaku ASN') +
        ').';
}
