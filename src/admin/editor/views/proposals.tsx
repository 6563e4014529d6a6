import { formatJakarta } from '../../../kb/versioned.js';
import type { ProposalStatus } from '../../../kb/proposals.js';
import type { Actor } from '../../types.js';
import { Layout } from '../../views/layout.js';
import type { ProposalView } from '../service.js';
import { DiffView } from './diff-view.js';
import type { Notice } from './entry-page.js';

const TABS: { status: ProposalStatus; label: string }[] = [
  { status: 'pending', label: 'Menunggu' },
  { status: 'approved', label: 'Disetujui' },
  { status: 'rejected', label: 'Ditolak' },
];

function targetHref(target: string): string {
  if (target.startsWith('entry:')) return `/admin/entries/${target.slice('entry:'.length)}`;
  if (target.startsWith('text:')) return '/admin/texts';
  return '/admin/categories';
}

export function ProposalsPage(props: { actor: Actor; views: ProposalView[]; status: ProposalStatus; notice?: Notice }) {
  const { actor } = props;
  const isAdmin = actor.role === 'admin';
  const csrf = actor.csrfToken ?? '';
  return (
    <Layout title="Usulan" actor={actor} current="/admin/proposals" styles={['/admin/assets/editor.css']} wide>
      <h1>Usulan perubahan</h1>
      <p class="muted">
        {isAdmin
          ? 'Perubahan dari editor menunggu persetujuan Anda. Setujui untuk menerbitkan, atau tolak dengan alasan.'
          : 'Usulan yang Anda kirim. Admin akan menyetujui atau menolaknya dengan alasan.'}
      </p>
      <nav class="tabs" aria-label="Status usulan">
        {TABS.map((t) => (
          <a href={`/admin/proposals?status=${t.status}`} aria-current={props.status === t.status ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {props.notice ? (
        <div class={`notice ${props.notice.kind === 'info' ? '' : props.notice.kind}`} role={props.notice.kind === 'error' ? 'alert' : 'status'}>
          {props.notice.text}
        </div>
      ) : null}
      {props.views.length === 0 ? <p class="notice">Tidak ada usulan di sini.</p> : null}
      {props.views.map(({ proposal: p, changes, stale, label }) => (
        <article class="card proposal" aria-labelledby={`p-${p.id}`}>
          <h2 id={`p-${p.id}`}>
            <a href={targetHref(p.target)}>{label}</a>
            {p.baseVersion === 0 ? <span class="pill">jawaban baru</span> : null}
          </h2>
          <p class="muted">
            Diusulkan oleh {p.authorName}, {formatJakarta(p.createdAt)} · dari versi {p.baseVersion}
          </p>
          {p.status === 'pending' && stale ? (
            <p class="notice error">Sudah ada perubahan lain sejak usulan ini dibuat. Usulan ini tidak bisa disetujui; tolak dan minta editor mengusulkan ulang dari versi terbaru.</p>
          ) : null}
          {p.status !== 'pending' ? (
            <p class={`notice ${p.status === 'approved' ? 'ok' : 'error'}`}>
              {p.status === 'approved' ? 'Disetujui' : 'Ditolak'} oleh {p.decidedByName}
              {p.decidedAt ? `, ${formatJakarta(p.decidedAt)}` : ''}
              {p.comment ? `. Alasan: ${p.comment}` : ''}
            </p>
          ) : null}
          <DiffView changes={changes} empty="Usulan ini sama dengan versi yang berlaku." />
          {isAdmin && p.status === 'pending' ? (
            <div class="decision">
              <form method="post" action={`/admin/proposals/${p.id}/approve`}>
                <input type="hidden" name="_csrf" value={csrf} />
                <button type="submit" disabled={stale}>
                  Setujui dan terbitkan
                </button>
              </form>
              <form method="post" action={`/admin/proposals/${p.id}/reject`} class="reject-form">
                <input type="hidden" name="_csrf" value={csrf} />
                <label for={`r-${p.id}`}>Alasan penolakan</label>
                <textarea id={`r-${p.id}`} name="comment" rows={2} required maxlength={2000}></textarea>
                <button type="submit" class="danger">
                  Tolak
                </button>
              </form>
            </div>
          ) : null}
        </article>
      ))}
    </Layout>
  );
}
