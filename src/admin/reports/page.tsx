/** `/admin/reports`: what civil servants asked in a period, for officials (reviewers) and admins. */
import { DAY_NAMES, type Figure, type ShareFigure } from '../../analytics/dashboard-shape.js';
import type { Dashboard } from '../../analytics/dashboard.js';
import { localDay, shiftDay } from '../../analytics/report-request.js';
import type { Actor } from '../types.js';
import { Layout } from '../views/layout.js';
import { CategoryChart, HeatMap, VolumeChart } from './charts.js';
import {
  CHANNEL_LABELS,
  formatChange,
  formatCount,
  formatDay,
  formatInstant,
  formatPeriod,
  formatPoints,
  formatShare,
  formatShortDay,
  TREND_LABELS,
  VERDICT_LABELS,
} from './format.js';
import { CHANNEL_CHOICES, pageUrl, type PageQuery, type Preset } from './period.js';
import type { TableName } from './tables.js';

export interface ReportsPageProps {
  actor: Actor;
  query: PageQuery;
  presets: Preset[];
  /** Null when the request was invalid: the form is shown with the message. */
  dashboard: Dashboard | null;
  error?: string;
  categoryTitle: (id: string) => string;
}

export function ReportsPage(props: ReportsPageProps) {
  const { actor, query, dashboard: d } = props;
  return (
    <Layout title="Laporan" actor={actor} current="/admin/reports" styles={['/admin/assets/reports.css']} wide>
      <h1>Laporan pertanyaan ASN</h1>
      {d ? (
        <p class="period-line">
          <strong>{formatPeriod(d.firstDay, d.lastDay)}</strong> · {query.channel ? CHANNEL_LABELS[query.channel] : 'semua kanal'} · dibandingkan dengan{' '}
          {formatPeriod(localDay(new Date(d.previousFrom), d.timeZone), shiftDay(d.firstDay, -1))} · waktu WIB
        </p>
      ) : null}
      <PeriodPicker {...props} />
      {props.error ? (
        <p class="notice error" role="alert">
          {props.error}
        </p>
      ) : null}
      {d ? <Sections {...props} dashboard={d} /> : null}
    </Layout>
  );
}

function PeriodPicker({ query, presets }: ReportsPageProps) {
  return (
    <section class="card picker no-print" aria-labelledby="pilih-periode">
      <h2 id="pilih-periode">Pilih periode</h2>
      <ul class="presets">
        {presets.map((p) => (
          <li>
            <a class="button secondary" href={pageUrl('/admin/reports', { from: p.from, to: p.to, channel: query.channel })} aria-current={p.from === query.from && p.to === query.to ? 'true' : undefined}>
              {p.label}
            </a>
          </li>
        ))}
      </ul>
      <form method="get" action="/admin/reports" class="period-form">
        <div>
          <label for="from">Dari tanggal</label>
          <input type="date" id="from" name="from" value={query.from} required />
        </div>
        <div>
          <label for="to">Sampai tanggal</label>
          <input type="date" id="to" name="to" value={query.to} required />
        </div>
        <div>
          <label for="channel">Kanal</label>
          <select id="channel" name="channel">
            {CHANNEL_CHOICES.map((c) => (
              <option value={c.value || 'all'} selected={c.value === query.channel}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div class="submit">
          <button type="submit">Tampilkan</button>
        </div>
      </form>
      <p class="muted small">Alamat halaman ini memuat periode dan kanal yang dipilih, jadi bisa dibagikan kepada rekan yang juga punya akses.</p>
    </section>
  );
}

function Sections(props: ReportsPageProps & { dashboard: Dashboard }) {
  const { dashboard: d, query, actor } = props;
  const isAdmin = actor.role === 'admin';
  const csv = (name: TableName, label: string) => (
    <a class="csv no-print" href={pageUrl(`/admin/reports/${name}.csv`, query)} download>
      Unduh {label} (CSV)
    </a>
  );
  const h = d.headline;
  return (
    <>
      <section aria-labelledby="ringkasan">
        <h2 id="ringkasan">Ringkasan</h2>
        <ul class="headline">
          <CountCard label="Pertanyaan" figure={h.questions} />
          <CountCard label="Penanya berbeda" figure={h.askers} />
          <ShareCard label="Terjawab" figure={h.answered} goodWhenUp />
          <ShareCard label="Perlu klarifikasi" figure={h.clarify} />
          <ShareCard label="Tidak terjawab" figure={h.fallback} />
          <CountCard label="Penilaian positif" figure={h.up} />
          <CountCard label="Penilaian negatif" figure={h.down} />
        </ul>
        <p class="muted small">
          Perubahan dibandingkan dengan periode sebelumnya yang sama panjangnya. Penanya dihitung dengan kode samaran, tanpa nomor atau nama. {csv('ringkasan', 'ringkasan')}
        </p>
      </section>

      <section aria-labelledby="volume" class="block">
        <h2 id="volume">Jumlah pertanyaan per hari</h2>
        <div class="chart-scroll" tabindex={0} aria-label="Grafik jumlah pertanyaan per hari; geser untuk melihat semuanya">
          <VolumeChart days={d.volume} channels={d.channels} />
        </div>
        <details class="chart-data">
          <summary>Lihat angka grafik ini dalam tabel</summary>
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Pertanyaan per hari per kanal</caption>
              <thead>
                <tr>
                  <th scope="col">Tanggal</th>
                  {d.channels.map((c) => (
                    <th scope="col" class="num">
                      {CHANNEL_LABELS[c] ?? c}
                    </th>
                  ))}
                  <th scope="col" class="num">
                    Jumlah
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.volume.map((v) => (
                  <tr>
                    <th scope="row">{formatShortDay(v.day)}</th>
                    {d.channels.map((c) => (
                      <td class="num">{formatCount(v.channels[c] ?? 0)}</td>
                    ))}
                    <td class="num">{formatCount(v.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
        {csv('volume', 'tabel per hari')}
      </section>

      <section aria-labelledby="topik" class="block">
        <h2 id="topik">Topik yang paling sering ditanyakan</h2>
        {d.categories.length === 0 ? (
          <p class="muted">Belum ada pertanyaan yang terjawab pada periode ini.</p>
        ) : (
          <>
            <h3>Per kategori</h3>
            <div class="chart-box">
              <CategoryChart categories={d.categories} titles={props.categoryTitle} />
            </div>
            <details class="chart-data">
              <summary>Lihat angka grafik ini dalam tabel</summary>
              <div class="table-wrap">
                <table>
                  <caption class="visually-hidden">Pertanyaan terjawab per kategori</caption>
                  <thead>
                    <tr>
                      <th scope="col">Kategori</th>
                      <th scope="col" class="num">Jumlah</th>
                      <th scope="col" class="num">Periode sebelumnya</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.categories.map((c) => (
                      <tr>
                        <th scope="row">{props.categoryTitle(c.category)}</th>
                        <td class="num">{formatCount(c.count)}</td>
                        <td class="num">{formatCount(c.previous)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
            {csv('kategori', 'tabel kategori')}
            <h3>Jawaban yang paling sering diberikan</h3>
            <div class="table-wrap">
              <table class="topics">
                <thead>
                  <tr>
                    <th scope="col">Jawaban</th>
                    <th scope="col" class="num">Jumlah</th>
                    <th scope="col" class="num">Sebelumnya</th>
                    <th scope="col">Tren</th>
                  </tr>
                </thead>
                {d.categories
                  .filter((c) => c.topics.length > 0)
                  .map((c) => (
                    <tbody>
                      <tr class="group-row">
                        <th scope="colgroup" colspan={4}>
                          {props.categoryTitle(c.category)}
                        </th>
                      </tr>
                      {c.topics.map((t) => (
                        <tr>
                          <td>
                            {isAdmin ? <a href={`/admin/entries/${encodeURIComponent(t.entryId)}`}>{t.title ?? t.entryId}</a> : <span>{t.title ?? t.entryId}</span>}{' '}
                            {t.verdict ? <span class={`badge ${t.verdict}`}>{VERDICT_LABELS[t.verdict] ?? t.verdict}</span> : null}
                          </td>
                          <td class="num">{formatCount(t.count)}</td>
                          <td class="num">{formatCount(t.previous)}</td>
                          <td>
                            <span class={`trend ${t.trend}`} aria-hidden="true">
                              {TREND_LABELS[t.trend]?.arrow}
                            </span>{' '}
                            {t.trend === 'baru' ? 'baru' : `${TREND_LABELS[t.trend]?.label} ${t.trend === 'tetap' ? '' : formatChange(t.change)}`}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  ))}
              </table>
            </div>
            {csv('topik', 'tabel topik')}
          </>
        )}
      </section>

      <section aria-labelledby="belum" class="block">
        <h2 id="belum">Yang belum bisa dijawab Netra</h2>
        <p class="muted small">
          {formatCount(d.unanswered.total)} pertanyaan tidak terjawab, perlu klarifikasi, atau dijawab dengan kurang yakin; dikelompokkan menurut kemiripan.
          Kelompok dari kurang dari {d.minAskers} penanya hanya ditampilkan jumlahnya, agar tidak ada orang yang bisa dikenali.
          {d.unanswered.erased > 0 ? ` Teks ${formatCount(d.unanswered.erased)} pertanyaan sudah dihapus sesuai masa simpan dan hanya dihitung.` : ''}
        </p>
        {d.unanswered.groups.length === 0 ? (
          <p class="muted">Tidak ada pertanyaan yang belum terjawab pada periode ini.</p>
        ) : (
          <div class="table-wrap">
            <table class="groups">
              <thead>
                <tr>
                  <th scope="col">Contoh pertanyaan</th>
                  <th scope="col" class="num">Jumlah</th>
                  <th scope="col" class="num">Penanya</th>
                  <th scope="col">Pertama – terakhir</th>
                  {isAdmin ? <th scope="col" class="no-print">Tindakan</th> : null}
                </tr>
              </thead>
              <tbody>
                {d.unanswered.groups.map((g) => (
                  <tr>
                    <td>
                      {g.suppressed ? (
                        <span class="muted">Kelompok kecil: contoh disembunyikan</span>
                      ) : (
                        <ul class="examples">
                          {(g.examples.length > 0 ? g.examples : [g.question]).map((e) => (
                            <li>{e}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td class="num">{formatCount(g.count)}</td>
                    <td class="num">{formatCount(g.askers)}</td>
                    <td class="dates">
                      {formatInstant(g.firstSeen, d.timeZone)} – {formatInstant(g.lastSeen, d.timeZone)}
                    </td>
                    {isAdmin ? (
                      <td class="no-print actions-cell">
                        {g.suppressed ? (
                          <span class="muted small">Buka uji pertanyaan untuk kelompok kecil</span>
                        ) : (
                          <>
                            <a href={newEntryUrl(g.question, g.examples)}>Buat jawaban dari kelompok ini</a>
                            <a href={`/admin/test?q=${encodeURIComponent(g.examples[0] ?? g.question)}`}>Tambahkan sebagai rumusan…</a>
                          </>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {csv('belum-terjawab', 'tabel pertanyaan belum terjawab')}
      </section>

      <section aria-labelledby="disukai" class="block">
        <h2 id="disukai">Jawaban yang kurang disukai</h2>
        <p class="muted small">Jawaban dengan sedikitnya {d.minRatings} penilaian, diurutkan dari porsi penilaian negatif (👎) terbesar.</p>
        {d.disliked.length === 0 ? (
          <p class="muted">Tidak ada jawaban yang cukup sering dinilai negatif pada periode ini.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Jawaban</th>
                  <th scope="col" class="num">Penilaian</th>
                  <th scope="col" class="num">Positif</th>
                  <th scope="col" class="num">Negatif</th>
                  <th scope="col" class="num">Porsi negatif</th>
                  <th scope="col">Pertanyaan yang dinilai negatif</th>
                </tr>
              </thead>
              <tbody>
                {d.disliked.map((e) => (
                  <tr>
                    <td>{isAdmin && e.entryId ? <a href={`/admin/entries/${encodeURIComponent(e.entryId)}`}>{e.title ?? e.entryId}</a> : (e.title ?? e.entryId)}</td>
                    <td class="num">{formatCount(e.ratings)}</td>
                    <td class="num">{formatCount(e.up)}</td>
                    <td class="num">{formatCount(e.down)}</td>
                    <td class="num">{formatShare(e.downRate)}</td>
                    <td>
                      {e.suppressed ? (
                        <span class="muted">Disembunyikan: kurang dari {d.minAskers} orang</span>
                      ) : (
                        <ul class="examples">
                          {e.downQuestions.map((q) => (
                            <li>{q}</li>
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {csv('tidak-disukai', 'tabel jawaban kurang disukai')}
      </section>

      <section aria-labelledby="jam" class="block">
        <h2 id="jam">Jam sibuk</h2>
        <p class="muted small">Kapan pertanyaan paling banyak masuk (WIB): berguna untuk memilih waktu sosialisasi.</p>
        <div class="chart-scroll" tabindex={0} aria-label="Grafik jam sibuk; geser untuk melihat semuanya">
          <HeatMap grid={d.heatmap} />
        </div>
        <details class="chart-data">
          <summary>Lihat angka grafik ini dalam tabel</summary>
          <div class="table-wrap">
            <table class="heat-table">
              <caption class="visually-hidden">Pertanyaan per hari dan jam</caption>
              <thead>
                <tr>
                  <th scope="col">Hari</th>
                  {Array.from({ length: 24 }, (_, hour) => (
                    <th scope="col" class="num">
                      {String(hour).padStart(2, '0')}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {d.heatmap.map((hours, i) => (
                  <tr>
                    <th scope="row">{DAY_NAMES[i]}</th>
                    {hours.map((count) => (
                      <td class="num">{formatCount(count)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
        {csv('jam-sibuk', 'tabel jam sibuk')}
      </section>
      <p class="print-only muted small">Dicetak dari Konsol Netra · {formatDay(d.lastDay)} · kanal: {query.channel ? CHANNEL_LABELS[query.channel] : 'semua'}</p>
    </>
  );
}

function Delta({ text, direction, good }: { text: string; direction: number; good: boolean | null }) {
  const arrow = direction > 0 ? '▲' : direction < 0 ? '▼' : '';
  const tone = good === null || direction === 0 ? 'neutral' : good ? 'good' : 'bad';
  return (
    <span class={`delta ${tone}`}>
      <span aria-hidden="true">{arrow} </span>
      {text} <span class="muted">dibanding sebelumnya</span>
    </span>
  );
}

function CountCard({ label, figure }: { label: string; figure: Figure }) {
  return (
    <li class="card stat">
      <span class="stat-label">{label}</span>
      <span class="stat-value">{formatCount(figure.value)}</span>
      <Delta text={figure.change === null ? (figure.value > 0 ? 'baru' : 'tetap') : formatChange(figure.change)} direction={Math.sign(figure.value - figure.previous)} good={null} />
      <span class="stat-previous muted">sebelumnya {formatCount(figure.previous)}</span>
    </li>
  );
}

function ShareCard({ label, figure, goodWhenUp }: { label: string; figure: ShareFigure; goodWhenUp?: boolean }) {
  const direction = figure.change === null ? 0 : Math.sign(Math.round(figure.change * 1000));
  return (
    <li class="card stat">
      <span class="stat-label">{label}</span>
      <span class="stat-value">{formatShare(figure.share)}</span>
      <Delta text={formatPoints(figure.change)} direction={direction} good={goodWhenUp ? direction > 0 : direction < 0} />
      <span class="stat-previous muted">
        {formatCount(figure.count)} pertanyaan · sebelumnya {formatShare(figure.previous)}
      </span>
    </li>
  );
}

/** The knowledge editor, prefilled with the group's wording and its example questions. */
function newEntryUrl(question: string, examples: string[]): string {
  const params = new URLSearchParams({ title: examples[0] ?? question, questions: [...new Set([...examples, question])].join('\n') });
  return `/admin/entries/new?${params.toString()}`;
}
