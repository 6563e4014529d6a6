import type { HistoryItem } from '../../../kb/document-history.js';
import type { DocumentHead } from '../../../kb/documents.js';
import type { FieldProblem } from '../../../kb/entry-check.js';
import type { CategoryInfo } from '../../../kb/snapshot.js';
import { formatJakarta } from '../../../kb/versioned.js';
import type { Actor } from '../../types.js';
import { Layout } from '../../views/layout.js';
import { DiffView } from './diff-view.js';
import type { Notice } from './entry-page.js';

/** What each chat text is for, in the words an HR officer uses. */
export const TEXT_LABELS: Record<string, string> = {
  welcome: 'Sapaan pembuka (/start)',
  fallback: 'Jawaban saat pertanyaan tidak dikenali',
  disclaimer: 'Catatan di bawah setiap jawaban',
  lapor: 'Cara melapor (/lapor)',
  bantuan: 'Bantuan (/bantuan)',
  privasi: 'Privasi (/privasi)',
};

/** The latest versions of a text or of the category list, each with what it changed; folded until opened. */
function DocumentHistory({ items, current, id }: { items: HistoryItem[]; current: number; id: string }) {
  if (items.length === 0) return null;
  return (
    <details class="doc-history" id={id}>
      <summary>
        Riwayat versi ({items.length === 1 ? '1 versi' : `${items.length} versi terakhir`})
      </summary>
      <ol class="doc-history-list">
        {items.map((item) => (
          <li>
            <p class="hint">
              <strong>Versi {item.version}</strong>
              {item.version === current ? ' (berlaku)' : ''} · {item.author}, {formatJakarta(item.at)}
            </p>
            <DiffView changes={item.changes} empty="Isinya sama dengan versi sebelumnya." />
          </li>
        ))}
      </ol>
    </details>
  );
}

function NoticeBox({ notice }: { notice?: Notice | undefined }) {
  if (!notice) return null;
  return (
    <div class={`notice ${notice.kind === 'info' ? '' : notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
      {notice.text}
    </div>
  );
}

export function TextsPage(props: {
  actor: Actor;
  texts: DocumentHead<string>[];
  /** Each text's latest versions, by name. */
  histories?: Record<string, HistoryItem[]>;
  notice?: Notice;
  failed?: { name: string; text: string; problems: FieldProblem[] };
}) {
  const { actor } = props;
  const csrf = actor.csrfToken ?? '';
  return (
    <Layout title="Teks obrolan" actor={actor} current="/admin/entries" styles={['/admin/assets/editor.css']}>
      <p class="breadcrumb">
        <a href="/admin/entries">← Semua jawaban</a>
      </p>
      <h1>Teks obrolan</h1>
      <p class="muted">Teks tetap yang dipakai Netra di semua saluran. {actor.role === 'admin' ? 'Perubahan langsung berlaku.' : 'Perubahan Anda menjadi usulan untuk disetujui admin.'}</p>
      <NoticeBox notice={props.notice} />
      {props.texts.map((t) => {
        const failed = props.failed?.name === t.key ? props.failed : undefined;
        const messages = failed?.problems.map((p) => p.message) ?? [];
        return (
          <form class="card" method="post" action={`/admin/texts/${t.key}`} id={`text-${t.key}`}>
            <input type="hidden" name="_csrf" value={csrf} />
            <input type="hidden" name="version" value={String(t.version)} />
            <label for={`t-${t.key}`}>{TEXT_LABELS[t.key] ?? t.key}</label>
            <p class="hint">
              Versi {t.version} · {t.author}, {formatJakarta(t.at)}
            </p>
            <textarea id={`t-${t.key}`} name="text" rows={6} {...(messages.length ? { 'aria-invalid': 'true', 'aria-describedby': `t-${t.key}-error` } : {})}>
              {failed?.text ?? t.data}
            </textarea>
            {messages.length ? (
              <ul class="field-error" id={`t-${t.key}-error`}>
                {messages.map((m) => (
                  <li>{m}</li>
                ))}
              </ul>
            ) : null}
            <div class="actions">
              <button type="submit">{actor.role === 'admin' ? 'Simpan dan terbitkan' : 'Kirim usulan'}</button>
            </div>
            <DocumentHistory items={props.histories?.[t.key] ?? []} current={t.version} id={`riwayat-${t.key}`} />
          </form>
        );
      })}
    </Layout>
  );
}

export function CategoriesPage(props: {
  actor: Actor;
  head: DocumentHead<CategoryInfo[]> | null;
  rows: CategoryInfo[];
  problems: FieldProblem[];
  /** The list's latest versions. */
  history?: HistoryItem[];
  notice?: Notice;
}) {
  const { actor, problems } = props;
  const csrf = actor.csrfToken ?? '';
  const rows = [...props.rows, { id: '', title: '' }];
  const rowProblems = (i: number) => problems.filter((p) => p.field.startsWith(`categories.${i}.`) || p.field === `categories.${i}`).map((p) => p.message);
  const general = problems.filter((p) => !/^categories\.\d+/.test(p.field)).map((p) => p.message);
  return (
    <Layout title="Kategori" actor={actor} current="/admin/entries" styles={['/admin/assets/editor.css']}>
      <p class="breadcrumb">
        <a href="/admin/entries">← Semua jawaban</a>
      </p>
      <h1>Kategori</h1>
      <p class="muted">Urutan di sini adalah urutan menu /topik. Kosongkan ID dan judul sebuah baris untuk menghapusnya (hanya bila tidak ada jawaban di kategori itu).</p>
      {props.head ? (
        <p class="hint">
          Versi {props.head.version} · {props.head.author}, {formatJakarta(props.head.at)}
        </p>
      ) : null}
      <NoticeBox notice={props.notice} />
      {general.length ? (
        <ul class="notice error field-error" role="alert">
          {general.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      ) : null}
      <form class="card" method="post" action="/admin/categories">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="version" value={String(props.head?.version ?? 0)} />
        {rows.map((c, i) => {
          const messages = rowProblems(i);
          return (
            <fieldset class="category-row">
              <legend>{c.id ? `Kategori ${i + 1}` : 'Kategori baru'}</legend>
              <div class="two-col">
                <div>
                  <label for={`c-id-${i}`}>ID</label>
                  <input type="text" id={`c-id-${i}`} name="category_id" value={c.id} {...(messages.length ? { 'aria-invalid': 'true', 'aria-describedby': `c-${i}-error` } : {})} />
                </div>
                <div>
                  <label for={`c-title-${i}`}>Judul di menu</label>
                  <input type="text" id={`c-title-${i}`} name="category_title" value={c.title} />
                </div>
              </div>
              {messages.length ? (
                <ul class="field-error" id={`c-${i}-error`}>
                  {messages.map((m) => (
                    <li>{m}</li>
                  ))}
                </ul>
              ) : null}
            </fieldset>
          );
        })}
        <div class="actions">
          <button type="submit">{actor.role === 'admin' ? 'Simpan dan terbitkan' : 'Kirim usulan'}</button>
        </div>
      </form>
      {props.history?.length ? (
        <section class="card">
          <DocumentHistory items={props.history} current={props.head?.version ?? 0} id="riwayat" />
        </section>
      ) : null}
    </Layout>
  );
}
