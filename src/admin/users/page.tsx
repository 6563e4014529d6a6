import { PASSWORD_LINK_TTL_MS, type UserView } from '../auth/users.js';
import { ROLE_LABELS, ROLES, type Actor } from '../types.js';
import { Layout } from '../views/layout.js';

export type UsersPageNotice = { kind: 'ok' | 'error'; text: string } | { kind: 'link'; text: string; link: string };

const LINK_HOURS = Math.round(PASSWORD_LINK_TTL_MS / 3_600_000);

function status(user: UserView): string {
  if (user.disabled) return 'Nonaktif';
  return user.hasPassword ? 'Aktif' : 'Menunggu kata sandi';
}

/** Hidden CSRF field every form of the page carries (the session's token). */
const Csrf = ({ actor }: { actor: Actor }) => <input type="hidden" name="_csrf" value={actor.csrfToken ?? ''} />;

/** `/admin/users`: the accounts, adding one (with its one-time link), changing a role, disabling. */
export function UsersPage({ actor, users, notice }: { actor: Actor; users: UserView[]; notice?: UsersPageNotice }) {
  return (
    <Layout title="Pengguna" actor={actor} current="/admin/users" styles={['/admin/assets/users.css']} wide>
      <h1>Pengguna</h1>
      {notice?.kind === 'error' ? (
        <p class="notice error" role="alert">
          {notice.text}
        </p>
      ) : null}
      {notice?.kind === 'ok' ? (
        <p class="notice ok" role="status">
          {notice.text}
        </p>
      ) : null}
      {notice?.kind === 'link' ? (
        <div class="notice ok" role="status">
          <p>{notice.text}</p>
          <label for="tautan-baru">Tautan sekali pakai untuk mengatur kata sandi (berlaku {LINK_HOURS} jam)</label>
          <input type="text" id="tautan-baru" value={notice.link} readonly />
          <p class="muted">Kirimkan tautan ini kepada yang bersangkutan lewat jalur pribadi. Tautan tidak ditampilkan lagi.</p>
        </div>
      ) : null}

      <div class="users-grid">
        <section aria-labelledby="judul-daftar">
          <h2 id="judul-daftar">Daftar akun</h2>
          <div class="table-wrap">
            <table class="users">
              <thead>
                <tr>
                  <th scope="col">Nama</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Peran</th>
                  <th scope="col">Status</th>
                  <th scope="col">Tindakan</th>
                </tr>
              </thead>
              <tbody>
                {users.map((user) => (
                  <tr class={user.disabled ? 'disabled' : undefined}>
                    <td data-label="Nama">{user.name}</td>
                    <td data-label="E-mail">{user.email}</td>
                    <td data-label="Peran">
                      {user.disabled || user.id === actor.id ? (
                        ROLE_LABELS[user.role]
                      ) : (
                        <form method="post" action={`/admin/users/${user.id}/role`} class="inline">
                          <Csrf actor={actor} />
                          <label class="visually-hidden" for={`peran-${user.id}`}>
                            Peran {user.name}
                          </label>
                          <select id={`peran-${user.id}`} name="role">
                            {ROLES.map((role) => (
                              <option value={role} selected={role === user.role}>
                                {ROLE_LABELS[role]}
                              </option>
                            ))}
                          </select>
                          <button type="submit" class="secondary">
                            Ubah<span class="visually-hidden"> peran {user.name}</span>
                          </button>
                        </form>
                      )}
                    </td>
                    <td data-label="Status">{status(user)}</td>
                    <td data-label="Tindakan">
                      {user.disabled || user.id === actor.id ? null : (
                        <div class="row-actions">
                          <form method="post" action={`/admin/users/${user.id}/link`} class="inline">
                            <Csrf actor={actor} />
                            <button type="submit" class="secondary">
                              Tautan kata sandi baru<span class="visually-hidden"> untuk {user.name}</span>
                            </button>
                          </form>
                          <form method="post" action={`/admin/users/${user.id}/disable`} class="inline">
                            <Csrf actor={actor} />
                            <button type="submit" class="danger">
                              Nonaktifkan<span class="visually-hidden"> {user.name}</span>
                            </button>
                          </form>
                        </div>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {users.length === 0 ? <p class="muted">Belum ada akun. Tambahkan yang pertama dengan formulir ini.</p> : null}
        </section>

        <section class="card" aria-labelledby="judul-tambah">
          <h2 id="judul-tambah">Tambah pengguna</h2>
          <form method="post" action="/admin/users">
            <Csrf actor={actor} />
            <label for="email">E-mail</label>
            <input type="email" id="email" name="email" required autocomplete="off" />
            <label for="name">Nama</label>
            <input type="text" id="name" name="name" required maxlength={120} />
            <label for="role">Peran</label>
            <select id="role" name="role" aria-describedby="arti-peran">
              {ROLES.map((role) => (
                <option value={role} selected={role === 'editor'}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </select>
            <ul class="muted small" id="arti-peran">
              <li>Admin: semua bagian, termasuk akun dan penerbitan.</li>
              <li>Editor: menyusun dan mengusulkan perubahan jawaban.</li>
              <li>Peninjau (pimpinan): hanya laporan.</li>
            </ul>
            <div class="actions">
              <button type="submit">Tambah dan buat tautan</button>
            </div>
          </form>
        </section>
      </div>
    </Layout>
  );
}
