import type { Actor } from '../types.js';
import { Layout, NAV } from './layout.js';

/** `/admin`: what this person can do here, one card per console section. */
export function HomePage({ actor }: { actor: Actor }) {
  const sections = NAV.filter((item) => item.href !== '/admin' && item.roles.includes(actor.role));
  return (
    <Layout title="Beranda" actor={actor} current="/admin">
      <h1>Selamat datang, {actor.name}</h1>
      <p class="muted">Pilih bagian yang ingin Anda buka.</p>
      <ul class="card-list">
        {sections.map((s) => (
          <li class="card">
            <a href={s.href}>{s.label}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
