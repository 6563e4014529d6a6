import { verdictLabel } from '../../../core/verdict.js';
import type { EntryRecord } from '../../../kb/editor.js';
import type { CategoryInfo } from '../../../kb/snapshot.js';
import { VERDICTS } from '../../../kb/types.js';
import { formatJakarta } from '../../../kb/versioned.js';
import type { Actor } from '../../types.js';
import { Layout } from '../../views/layout.js';
import type { EntryQuery, SortKey } from '../list-query.js';

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'title', label: 'Judul' },
  { key: 'category', label: 'Kategori' },
  { key: 'verdict', label: 'Kesimpulan' },
  { key: 'reviewed', label: 'Ditinjau' },
  { key: 'updated', label: 'Diubah' },
];

/** The query string for the list with some parameters changed (sorting links keep the filters). */
function listHref(query: EntryQuery, change: Partial<Record<string, string | undefined>>): string {
  const params = new URLSearchParams();
  const current: Record<string, string | undefined> = {
    q: query.q,
    category: query.category,
    verdict: query.verdict,
    reviewedBefore: query.reviewedBefore,
    pending: query.pending === undefined ? undefined : query.pending ? 'yes' : 'no',
    archived: query.archived ? 'yes' : undefined,
    sort: query.sort,
    dir: query.dir,
    ...change,
  };
  for (const [key, value] of Object.entries(current)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `/admin/entries?${text}` : '/admin/entries';
}

export function EntryListPage(props: { actor: Actor; rows: EntryRecord[]; total: number; query: EntryQuery; categories: CategoryInfo[] }) {
  const { query } = props;
  const sort = query.sort ?? 'title';
  const dir = query.dir ?? 'asc';
  const filtered = Boolean(query.category || query.verdict || query.reviewedBefore || query.pending !== undefined || query.archived || query.sort);
  const categoryTitle = new Map(props.categories.map((c) => [c.id, c.title]));
  return (
    <Layout title="Jawaban" actor={props.actor} current="/admin/entries" styles={['/admin/assets/editor.css']} wide>
      <div class="page-head">
        <h1>Jawaban</h1>
        <div class="actions">
          <a class="button" href="/admin/entries/new">
            Tambah jawaban
          </a>
          <a class="button secondary" href="/admin/texts">
            Teks obrolan
          </a>
          <a class="button secondary" href="/admin/categories">
            Kategori
          </a>
        </div>
      </div>
      <form class="card filters" method="get" action="/admin/entries" role="search" aria-label="Cari dan saring jawaban">
        <label for="f-q">Cari</label>
        <input type="search" id="f-q" name="q" value={query.q ?? ''} placeholder="judul, pertanyaan, isi jawaban…" />
        <details class="more-filters" open={filtered}>
          <summary>Saring dan urutkan</summary>
          <div class="filter-grid">
            <div>
              <label for="f-category">Kategori</label>
              <select id="f-category" name="category">
                <option value="">Semua</option>
                {props.categories.map((c) => (
                  <option value={c.id} selected={query.category === c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="f-verdict">Kesimpulan</label>
              <select id="f-verdict" name="verdict">
                <option value="">Semua</option>
                {VERDICTS.map((v) => (
                  <option value={v} selected={query.verdict === v}>
                    {verdictLabel(v)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="f-reviewed">Terakhir ditinjau sebelum</label>
              <input type="date" id="f-reviewed" name="reviewedBefore" value={query.reviewedBefore ?? ''} />
            </div>
            <div>
              <label for="f-pending">Usulan</label>
              <select id="f-pending" name="pending">
                <option value="">Semua</option>
                <option value="yes" selected={query.pending === true}>
                  Ada usulan menunggu
                </option>
                <option value="no" selected={query.pending === false}>
                  Tanpa usulan
                </option>
              </select>
            </div>
            <div>
              <label for="f-archived">Status</label>
              <select id="f-archived" name="archived">
                <option value="">Aktif</option>
                <option value="yes" selected={query.archived === true}>
                  Diarsipkan
                </option>
              </select>
            </div>
          </div>
          <div class="filter-grid">
            <div>
              <label for="f-sort">Urutkan menurut</label>
              <select id="f-sort" name="sort">
                {COLUMNS.map((col) => (
                  <option value={col.key} selected={sort === col.key}>
                    {col.label}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="f-dir">Arah</label>
              <select id="f-dir" name="dir">
                <option value="asc" selected={dir === 'asc'}>
                  A → Z, lama → baru
                </option>
                <option value="desc" selected={dir === 'desc'}>
                  Z → A, baru → lama
                </option>
              </select>
            </div>
          </div>
        </details>
        <div class="actions">
          <button type="submit">Terapkan</button>
          <a class="button secondary" href="/admin/entries">
            Hapus saringan
          </a>
        </div>
      </form>
      <p class="muted" role="status">
        {props.rows.length} dari {props.total} jawaban
      </p>
      <div class="table-wrap">
        <table class="entry-table">
          <caption class="visually-hidden">Daftar jawaban; klik judul kolom untuk mengurutkan</caption>
          <thead>
            <tr>
              {COLUMNS.map((col) => {
                const active = sort === col.key;
                const next = active && dir === 'asc' ? 'desc' : 'asc';
                return (
                  <th scope="col" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                    <a href={listHref(query, { sort: col.key, dir: next })}>
                      {col.label}
                      <span aria-hidden="true">{active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                    </a>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td data-label="Judul">
                  <a href={`/admin/entries/${r.entry.id}`}>{r.entry.title}</a>
                  <div class="muted small">{r.entry.id}</div>
                  {r.pendingProposals > 0 ? <span class="pill">{r.pendingProposals} usulan menunggu</span> : null}
                </td>
                <td data-label="Kategori">{categoryTitle.get(r.entry.category) ?? r.entry.category}</td>
                <td data-label="Kesimpulan">
                  <span class={`badge ${r.entry.verdict}`}>{verdictLabel(r.entry.verdict)}</span>
                </td>
                <td data-label="Ditinjau" class="nowrap">
                  {r.entry.reviewed}
                </td>
                <td data-label="Diubah">
                  {formatJakarta(r.at)}
                  <div class="muted small">
                    v{r.version} · {r.author}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.rows.length === 0 ? <p class="notice">Tidak ada jawaban yang cocok dengan saringan ini.</p> : null}
    </Layout>
  );
}
