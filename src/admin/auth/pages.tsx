import { Layout } from '../views/layout.js';

/** Text of a notice on the login page, chosen by a query flag after logout or a new password. */
export const LOGIN_NOTICES = {
  keluar: 'Anda sudah keluar.',
  sandi: 'Kata sandi Anda tersimpan. Silakan masuk.',
} as const;

export interface LoginPageProps {
  email?: string;
  next?: string;
  error?: string;
  notice?: string;
}

/** `/admin/login`: e-mail and password; errors are announced to screen readers and keep the e-mail typed. */
export function LoginPage(props: LoginPageProps) {
  return (
    <Layout title="Masuk" styles={['/admin/assets/auth.css']}>
      <section class="auth-box card" aria-labelledby="judul-masuk">
        <h1 id="judul-masuk">Masuk ke Konsol Netra</h1>
        {props.notice ? (
          <p class="notice ok" role="status">
            {props.notice}
          </p>
        ) : null}
        {props.error ? (
          <p class="notice error" role="alert" id="galat-masuk">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/admin/login" novalidate={false}>
          <input type="hidden" name="next" value={props.next ?? '/admin'} />
          <label for="email">E-mail</label>
          <input
            type="email"
            id="email"
            name="email"
            autocomplete="username"
            required
            value={props.email ?? ''}
            autofocus
            aria-describedby={props.error ? 'galat-masuk' : undefined}
            aria-invalid={props.error ? 'true' : undefined}
          />
          <label for="password">Kata sandi</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required aria-invalid={props.error ? 'true' : undefined} />
          <div class="actions">
            <button type="submit">Masuk</button>
          </div>
        </form>
        <p class="muted small">Lupa kata sandi atau belum punya akun? Mintalah tautan pengaturan kata sandi kepada admin.</p>
      </section>
    </Layout>
  );
}

export interface SetPasswordPageProps {
  token: string;
  name: string;
  email: string;
  error?: string;
  minLength: number;
}

/** `/admin/set-password?token=…`: the one-time link's form (new password twice). */
export function SetPasswordPage(props: SetPasswordPageProps) {
  return (
    <Layout title="Atur kata sandi" styles={['/admin/assets/auth.css']}>
      <section class="auth-box card" aria-labelledby="judul-sandi">
        <h1 id="judul-sandi">Atur kata sandi</h1>
        <p>
          Akun: <strong>{props.name}</strong> ({props.email})
        </p>
        {props.error ? (
          <p class="notice error" role="alert" id="galat-sandi">
            {props.error}
          </p>
        ) : null}
        <form method="post" action="/admin/set-password">
          <input type="hidden" name="token" value={props.token} />
          <input type="text" name="username" value={props.email} autocomplete="username" class="visually-hidden" tabindex={-1} aria-hidden="true" readonly />
          <label for="password">Kata sandi baru</label>
          <input
            type="password"
            id="password"
            name="password"
            autocomplete="new-password"
            required
            minlength={props.minLength}
            aria-describedby="aturan-sandi"
            autofocus
          />
          <p class="muted small" id="aturan-sandi">
            Minimal {props.minLength} karakter. Gunakan kalimat yang mudah Anda ingat tetapi sulit ditebak orang lain.
          </p>
          <label for="confirm">Ulangi kata sandi baru</label>
          <input type="password" id="confirm" name="confirm" autocomplete="new-password" required minlength={props.minLength} />
          <div class="actions">
            <button type="submit">Simpan kata sandi</button>
          </div>
        </form>
      </section>
    </Layout>
  );
}

/** A used, expired or unknown set-password link. */
export function LinkInvalidPage({ message }: { message: string }) {
  return (
    <Layout title="Tautan tidak berlaku" styles={['/admin/assets/auth.css']}>
      <section class="auth-box card">
        <h1>Tautan tidak berlaku</h1>
        <p>{message}</p>
        <p>
          <a href="/admin/login">Ke halaman masuk</a>
        </p>
      </section>
    </Layout>
  );
}
