import { verdictLabel } from '../../../core/verdict.js';
import type { FieldChange } from '../../../kb/diff.js';
import type { FieldProblem } from '../../../kb/entry-check.js';
import type { EntryRecord, VersionInfo } from '../../../kb/editor.js';
import { MAX_ANSWER_CHARS, MIN_QUESTIONS } from '../../../kb/schema.js';
import type { CategoryInfo } from '../../../kb/snapshot.js';
import { VERDICTS, type KnowledgeEntry } from '../../../kb/types.js';
import { formatJakarta } from '../../../kb/versioned.js';
import type { Actor } from '../../types.js';
import { Layout } from '../../views/layout.js';
import { problemsFor, sourceRowProblems } from '../form.js';
import { DiffView } from './diff-view.js';

export interface Notice {
  kind: 'ok' | 'error' | 'info';
  text: string;
}

export interface EntryPageProps {
  actor: Actor;
  /** Null while creating a new entry. */
  record: EntryRecord | null;
  draft: KnowledgeEntry;
  baseVersion: number;
  problems: FieldProblem[];
  notice?: Notice;
  categories: CategoryInfo[];
  otherEntries: { id: string; title: string }[];
  history: VersionInfo[];
  diff?: { from: number; to: number; changes: FieldChange[] };
}

function Problems({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul class="field-error" id={id}>
      {messages.map((m) => (
        <li>{m}</li>
      ))}
    </ul>
  );
}

/** Props that tie a field to its problems for screen readers. */
const invalid = (id: string, messages: string[]): Record<string, string> => (messages.length > 0 ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {});

function Field(props: { name: keyof KnowledgeEntry; label: string; hint?: string; problems: FieldProblem[]; children: (attrs: Record<string, string>) => unknown }) {
  const messages = problemsFor(props.problems, props.name);
  const id = `f-${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const attrs: Record<string, string> = { id, name: props.name, ...invalid(id, messages) };
  if (hintId) attrs['aria-describedby'] = [hintId, attrs['aria-describedby']].filter(Boolean).join(' ');
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint ? (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.children(attrs) as never}
      <Problems id={`${id}-error`} messages={messages} />
    </div>
  );
}

function SourceRow({ index, source, problems }: { index: number; source?: KnowledgeEntry['sources'][number]; problems: FieldProblem[] }) {
  const messages = sourceRowProblems(problems, index);
  const n = index + 1;
  return (
    <fieldset class="source-row" data-source-row>
      <legend>Sumber {n}</legend>
      <div class="source-grid">
        <div>
          <label for={`s-title-${index}`}>Judul peraturan atau halaman</label>
          <input type="text" id={`s-title-${index}`} name="source_title" value={source?.title ?? ''} />
        </div>
        <div>
          <label for={`s-ref-${index}`}>Pasal / bagian</label>
          <input type="text" id={`s-ref-${index}`} name="source_ref" value={source?.ref ?? ''} />
        </div>
        <div>
          <label for={`s-url-${index}`}>Tautan (boleh kosong)</label>
          <input type="url" id={`s-url-${index}`} name="source_url" value={source?.url ?? ''} />
        </div>
        <div>
          <label for={`s-kind-${index}`}>Jenis</label>
          <select id={`s-kind-${index}`} name="source_kind">
            <option value="" selected={!source?.kind}>
              Belum dipilih
            </option>
            <option value="regulation" selected={source?.kind === 'regulation'}>
              Peraturan (dasar hukum)
            </option>
            <option value="reference" selected={source?.kind === 'reference'}>
              Rujukan (penjelasan, berita)
            </option>
          </select>
        </div>
      </div>
      <Problems id={`s-${index}-error`} messages={messages} />
    </fieldset>
  );
}

export function EntryPage(props: EntryPageProps) {
  const { draft, record, actor, problems } = props;
  const isNew = record === null;
  const isAdmin = actor.role === 'admin';
  const action = isNew ? '/admin/entries/new' : `/admin/entries/${record.entry.id}`;
  const title = isNew ? 'Jawaban baru' : draft.title || record.entry.title;
  const csrf = actor.csrfToken ?? '';
  const sourceRows = [...draft.sources, undefined];
  return (
    <Layout title={title} actor={actor} current="/admin/entries" styles={['/admin/assets/editor.css']} scripts={['/admin/assets/entry-editor.js']} wide>
      <p class="breadcrumb">
        <a href="/admin/entries">← Semua jawaban</a>
      </p>
      <h1>{title}</h1>
      {record ? (
        <p class="muted">
          Versi {record.version} · terakhir diubah oleh {record.author}, {formatJakarta(record.at)}
          {record.archived ? ' · diarsipkan (tidak menjawab)' : ''}
          {record.pendingProposals > 0 ? (
            <>
              {' · '}
              <a href="/admin/proposals">{record.pendingProposals} usulan menunggu</a>
            </>
          ) : null}
        </p>
      ) : null}
      {props.notice ? (
        <div class={`notice ${props.notice.kind === 'info' ? '' : props.notice.kind}`} role={props.notice.kind === 'error' ? 'alert' : 'status'}>
          {props.notice.text}
        </div>
      ) : null}
      {problems.length > 0 ? (
        <div class="notice error" role="alert">
          Ada {problems.length} isian yang belum benar. Lihat pesan merah di dekat isian tersebut.
        </div>
      ) : null}
      <div class="editor-layout">
        <form class="card entry-form" id="entry-form" method="post" action={action} data-base-version={String(props.baseVersion)}>
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="version" value={String(props.baseVersion)} />
          <Field name="title" label="Judul" hint="Singkat dan jelas, paling banyak 80 karakter." problems={problems}>
            {(a) => <input type="text" {...a} value={draft.title} maxlength={200} required />}
          </Field>
          <Field name="distinction" label="Pembeda" hint="Boleh kosong. Frasa pendek (paling banyak 80 karakter) yang membedakan topik ini dari topik yang mirip, misalnya “hanya hadir sebagai penonton kampanye”. Dipakai saat bot menanyakan maksud penanya." problems={problems}>
            {(a) => <input type="text" {...a} value={draft.distinction ?? ''} maxlength={200} />}
          </Field>
          <Field name="id" label="ID" hint={isNew ? 'Huruf kecil, angka dan tanda -, misalnya foto-bersama-calon. Tidak bisa diubah setelah disimpan.' : 'Tidak bisa diubah.'} problems={problems}>
            {(a) => <input type="text" {...a} value={draft.id} readonly={!isNew} required pattern="[a-z0-9]+(-[a-z0-9]+)*" />}
          </Field>
          <div class="two-col">
            <Field name="category" label="Kategori" problems={problems}>
              {(a) => (
                <select {...a}>
                  {props.categories.map((c) => (
                    <option value={c.id} selected={draft.category === c.id}>
                      {c.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field name="verdict" label="Kesimpulan" problems={problems}>
              {(a) => (
                <select {...a}>
                  {VERDICTS.map((v) => (
                    <option value={v} selected={draft.verdict === v}>
                      {verdictLabel(v)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field name="questions" label="Pertanyaan" hint={`Satu pertanyaan per baris, minimal ${MIN_QUESTIONS}. Baris pertama adalah pertanyaan utama; sisanya cara orang biasa bertanya.`} problems={problems}>
            {(a) => <textarea {...a} rows={8}>{draft.questions.join('\n')}</textarea>}
          </Field>
          <Field name="answer" label="Jawaban" hint={`Paling banyak ${MAX_ANSWER_CHARS} karakter. **tebal**, dan baris yang diawali "- " menjadi daftar.`} problems={problems}>
            {(a) => <textarea {...a} rows={12} data-limit={String(MAX_ANSWER_CHARS)}>{draft.answer}</textarea>}
          </Field>
          <p class="counter" id="answer-count" aria-live="polite">
            {draft.answer.trim().length} / {MAX_ANSWER_CHARS} karakter
          </p>
          <fieldset class="sources" aria-describedby="f-sources-error">
            <legend>Sumber hukum dan rujukan</legend>
            <p class="hint">Minimal satu. Baris yang dikosongkan tidak disimpan.</p>
            <div id="source-rows">
              {sourceRows.map((source, i) => (
                <SourceRow index={i} source={source} problems={problems} />
              ))}
            </div>
            <button type="button" class="secondary" id="add-source">
              Tambah sumber
            </button>
            <Problems id="f-sources-error" messages={problems.filter((p) => p.field === 'sources').map((p) => p.message)} />
          </fieldset>
          <Field name="keywords" label="Kata kunci" hint="Boleh kosong. Satu per baris atau dipisah koma." problems={problems}>
            {(a) => <textarea {...a} rows={3}>{draft.keywords.join('\n')}</textarea>}
          </Field>
          <Field name="related" label="Topik terkait" hint="ID jawaban lain, satu per baris atau dipisah koma." problems={problems}>
            {(a) => (
              <textarea {...a} rows={3} list="entry-ids">
                {draft.related.join('\n')}
              </textarea>
            )}
          </Field>
          <details class="id-list">
            <summary>Lihat daftar ID jawaban</summary>
            <ul>
              {props.otherEntries.map((e) => (
                <li>
                  <code>{e.id}</code> — {e.title}
                </li>
              ))}
            </ul>
          </details>
          <Field name="reviewed" label="Tanggal tinjauan hukum terakhir" problems={problems}>
            {(a) => <input type="date" {...a} value={draft.reviewed} required />}
          </Field>
          <div class="actions">
            <button type="submit">{isAdmin ? 'Simpan dan terbitkan' : 'Kirim usulan'}</button>
            <a class="button secondary" href={isNew ? '/admin/entries' : action}>
              Batal
            </a>
          </div>
          {!isAdmin ? <p class="hint">Perubahan Anda akan diterbitkan setelah disetujui admin.</p> : null}
        </form>
        <aside class="card preview" aria-labelledby="preview-title">
          <h2 id="preview-title">Pratinjau</h2>
          <p class="hint">Tampilan jawaban di tiap saluran, diperbarui saat Anda mengetik.</p>
          <p id="preview-status" class="muted" role="status"></p>
          <section aria-labelledby="pv-changes-title">
            <h3 id="pv-changes-title">Perubahan dibanding versi {props.baseVersion || 'sebelumnya'}</h3>
            <div id="pv-changes" class="pv-changes"></div>
          </section>
          <section aria-labelledby="pv-web-title">
            <h3 id="pv-web-title">Obrolan web</h3>
            <div id="pv-web" class="pv-bubble web"></div>
          </section>
          <section aria-labelledby="pv-tg-title">
            <h3 id="pv-tg-title">Telegram</h3>
            <div id="pv-telegram"></div>
          </section>
          <section aria-labelledby="pv-wa-title">
            <h3 id="pv-wa-title">WhatsApp</h3>
            <div id="pv-whatsapp" class="pv-bubble whatsapp"></div>
          </section>
        </aside>
      </div>
      {record ? <HistorySection {...props} record={record} /> : null}
    </Layout>
  );
}

function HistorySection(props: EntryPageProps & { record: EntryRecord }) {
  const { record, history, diff, actor } = props;
  const id = record.entry.id;
  const csrf = actor.csrfToken ?? '';
  return (
    <section class="card history" aria-labelledby="history-title" id="riwayat">
      <h2 id="history-title">Riwayat versi</h2>
      <form method="get" action={`/admin/entries/${id}`} class="compare">
        <div class="two-col">
          <div>
            <label for="h-from">Bandingkan versi</label>
            <select id="h-from" name="from">
              {history.map((v) => (
                <option value={String(v.version)} selected={diff?.from === v.version}>
                  Versi {v.version}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="h-to">dengan versi</label>
            <select id="h-to" name="to">
              {history.map((v) => (
                <option value={String(v.version)} selected={diff?.to === v.version}>
                  Versi {v.version}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="actions">
          <button type="submit" class="secondary">
            Tampilkan perbedaan
          </button>
        </div>
      </form>
      {diff ? (
        <div class="diff-box" id="perbedaan">
          <h3>
            Perbedaan versi {diff.from} → versi {diff.to}
          </h3>
          <DiffView changes={diff.changes} empty="Kedua versi sama." />
        </div>
      ) : null}
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">Semua versi jawaban ini, terbaru di atas</caption>
          <thead>
            <tr>
              <th scope="col">Versi</th>
              <th scope="col">Oleh</th>
              <th scope="col">Waktu</th>
              <th scope="col">Tindakan</th>
            </tr>
          </thead>
          <tbody>
            {history.map((v) => (
              <tr>
                <td>{v.version === record.version ? <strong>{v.version} (berlaku)</strong> : v.version}</td>
                <td>{v.author}</td>
                <td>{formatJakarta(v.at)}</td>
                <td>
                  {v.version > 1 ? (
                    <a href={`/admin/entries/${id}?from=${v.version - 1}&to=${v.version}#perbedaan`}>Lihat perubahan</a>
                  ) : null}
                  {v.version !== record.version ? (
                    <form method="post" action={`/admin/entries/${id}/revert`} class="inline-form">
                      <input type="hidden" name="_csrf" value={csrf} />
                      <input type="hidden" name="toVersion" value={String(v.version)} />
                      <input type="hidden" name="version" value={String(record.version)} />
                      <button type="submit" class="secondary small">
                        Kembalikan ke versi {v.version}
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {actor.role === 'admin' ? (
        <form method="post" action={`/admin/entries/${id}/archive`} class="archive-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="archived" value={record.archived ? 'no' : 'yes'} />
          <h3>{record.archived ? 'Aktifkan kembali' : 'Arsipkan'}</h3>
          <p class="hint">
            {record.archived
              ? 'Jawaban ini sedang diarsipkan dan tidak menjawab pertanyaan. Aktifkan agar Netra memakainya lagi.'
              : 'Jawaban yang diarsipkan tidak lagi dipakai Netra untuk menjawab. Riwayatnya tetap tersimpan dan bisa diaktifkan kembali.'}
          </p>
          <button type="submit" class={record.archived ? 'secondary' : 'danger'}>
            {record.archived ? 'Aktifkan kembali' : 'Arsipkan jawaban ini'}
          </button>
        </form>
      ) : null}
    </section>
  );
}
