import type { Child } from 'hono/jsx';
import { ROLE_LABELS, type Actor, type Role } from '../types.js';

interface NavItem {
  href: string;
  label: string;
  roles: Role[];
}

/** The console menu; each item shows only to the roles that may open it (the server enforces it too). */
export const NAV: NavItem[] = [
  { href: '/admin', label: 'Beranda', roles: ['admin', 'editor', 'reviewer'] },
  { href: '/admin/entries', label: 'Jawaban', roles: ['admin', 'editor'] },
  { href: '/admin/test', label: 'Uji pertanyaan', roles: ['admin', 'editor'] },
  { href: '/admin/proposals', label: 'Usulan', roles: ['admin', 'editor'] },
  { href: '/admin/reports', label: 'Laporan', roles: ['admin', 'reviewer'] },
  { href: '/admin/audit', label: 'Jejak audit', roles: ['admin'] },
  { href: '/admin/users', label: 'Pengguna', roles: ['admin'] },
  { href: '/admin/whatsapp', label: 'WhatsApp', roles: ['admin'] },
];

export interface LayoutProps {
  title: string;
  actor?: Actor;
  /** The menu item to mark as current (its href). */
  current?: string;
  /** Extra stylesheets and scripts under /admin/assets/ (no inline script: the CSP forbids it). */
  styles?: string[];
  scripts?: string[];
  /** Wider main column for tables and charts. */
  wide?: boolean;
  children?: Child;
}

/** The page shell every console page shares: skip link, header with menu and logout, main content. */
export function Layout(props: LayoutProps) {
  const { actor } = props;
  return (
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {actor?.csrfToken ? <meta name="csrf-token" content={actor.csrfToken} /> : null}
        <title>{`${props.title} · Konsol Netra`}</title>
        <link rel="stylesheet" href="/admin/assets/admin.css" />
        {(props.styles ?? []).map((href) => (
          <link rel="stylesheet" href={href} />
        ))}
        {(props.scripts ?? []).map((src) => (
          <script src={src} defer></script>
        ))}
      </head>
      <body>
        <a class="skip-link" href="#isi">
          Lompat ke isi
        </a>
        <header class="topbar">
          <a class="brand" href="/admin">
            Netra <span>Konsol</span>
          </a>
          {actor ? (
            <nav aria-label="Menu utama">
              <ul>
                {NAV.filter((item) => item.roles.includes(actor.role)).map((item) => (
                  <li>
                    <a href={item.href} aria-current={props.current === item.href ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {actor ? (
            <div class="who">
              <span>
                {actor.name} · {ROLE_LABELS[actor.role]}
              </span>
              {actor.via === 'session' ? (
                <form method="post" action="/admin/logout">
                  <input type="hidden" name="_csrf" value={actor.csrfToken ?? ''} />
                  <button type="submit" class="link-button">
                    Keluar
                  </button>
                </form>
              ) : null}
            </div>
          ) : null}
        </header>
        <main id="isi" class={props.wide ? 'wide' : undefined}>
          {props.children}
        </main>
      </body>
    </html>
  );
}
