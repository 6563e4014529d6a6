import type { Actor } from '../types.js';
import { Layout } from '../views/layout.js';
import { diffJson, showValue } from './diff.js';
import type { AuditFilter, AuditRow } from './query.js';

/** Plain-language names of the actions this log records; unknown ones show as they are. */
const ACTION_LABELS: Record<string, string> = {
  'login.success': 'Masuk',
  'login.failed': 'Gagal masuk',
  'login.blocked': 'Masuk diblokir sementara',
  logout: 'Keluar',
  'user.create': 'Akun dibuat',
  'user.disable': 'Akun dinonaktifkan',
  'user.role': 'Peran diubah',
  'user.password_link': 'Tautan kata sandi dibuat',
  'user.password_set': 'Kata sandi diatur',
  'token.create': 'Token API dibuat',
  'token.revoke': 'Token API dicabut',
};

const TIME = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Asia/Jakarta' });

function Change({ row }: { row: AuditRow }) {
  const lines = diffJson(row.before, row.after);
  if (lines.length === 0) return <span class="muted">–</span>;
  return (
    <dl class="diff">
      {lines.map((line) => (
        <div class={`diff-line ${line.kind}`}>
          <dt>{line.path}</dt>
          <dd>
            {line.before !== undefined ? (
              <del>
                <span class="visually-hidden">sebelum: </span>
                {line.before}
              </del>
            ) : null}
            {line.before !== undefined && line.after !== undefined ? <span aria-hidden="true"> → </span> : null}
            {line.after !== undefined ? (
              <ins>
                <span class="visually-hidden">sesudah: </span>
                {line.after}
              </ins>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** `/admin/audit`: who did what and when, newest first, with filters and a readable before/after. */
export function AuditPage({ actor, rows, filter, nextBeforeId }: { actor: Actor; rows: AuditRow[]; filter: AuditFilter; nextBeforeId?: number }) {
  const query = (extra: Record<string, string>) =>
    new URLSearchParams({
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.actor ? { actor: filter.actor } : {}),
      ...(filter.target ? { target: filter.target } : {}),
      ...extra,
    }).toString();
  return (
    <Layout title="Jejak audit" actor={actor} current="/admin/audit" styles={['/admin/assets/audit.css']} wide>
      <h1>Jejak audit</h1>
      <p class="muted">Setiap tindakan di konsol dan CLI: siapa, kapan, apa, dan isi sebelum serta sesudahnya. Terbaru di atas.</p>
      <form method="get" action="/admin/audit" class="card audit-filter" role="search" aria-label="Saring jejak audit">
        <div>
          <label for="f-action">Tindakan</label>
          <input type="search" id="f-action" name="action" value={filter.action ?? ''} placeholder="mis. user. atau login.failed" />
        </div>
        <div>
          <label for="f-actor">Pelaku</label>
          <input type="search" id="f-actor" name="actor" value={filter.actor ?? ''} placeholder="nama atau id" />
        </div>
        <div>
          <label for="f-target">Sasaran</label>
          <input type="search" id="f-target" name="target" value={filter.target ?? ''} placeholder="mis. entry:foto atau user:" />
        </div>
        <div class="actions">
          <button type="submit">Saring</button>
          <a class="button secondary" href="/admin/audit">
            Hapus saringan
          </a>
        </div>
      </form>
      {rows.length === 0 ? (
        <p class="notice">Tidak ada catatan yang cocok.</p>
      ) : (
        <div class="table-wrap">
          <table class="audit">
            <thead>
              <tr>
                <th scope="col">Waktu (WIB)</th>
                <th scope="col">Pelaku</th>
                <th scope="col">Tindakan</th>
                <th scope="col">Sasaran</th>
                <th scope="col">Perubahan</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td data-label="Waktu">
                    <time datetime={row.at.toISOString()}>{TIME.format(row.at)}</time>
                  </td>
                  <td data-label="Pelaku">
                    {row.actorName}
                    <div class="muted small">{row.actorId}</div>
                  </td>
                  <td data-label="Tindakan">
                    {ACTION_LABELS[row.action] ?? row.action}
                    <div class="muted small">
                      <code>{row.action}</code>
                    </div>
                  </td>
                  <td data-label="Sasaran">{row.target ? <code>{showValue(row.target)}</code> : <span class="muted">–</span>}</td>
                  <td data-label="Perubahan">
                    <Change row={row} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextBeforeId !== undefined ? (
        <p>
          <a class="button secondary" href={`/admin/audit?${query({ before: String(nextBeforeId) })}`}>
            Catatan lebih lama
          </a>
        </p>
      ) : null}
    </Layout>
  );
}
