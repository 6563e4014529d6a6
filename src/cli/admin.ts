import { parseArgs } from 'node:util';
import { ROLE_LABELS, ROLES, type Role } from '../admin/types.js';
import { PASSWORD_LINK_TTL_MS, newUserSchema, type UserView } from '../admin/auth/users.js';
import { describeDbError } from '../analytics/db-errors.js';
import { ConfigError, loadConfig } from '../config.js';
import { databaseOps, serverOps, type AdminOps } from './admin-ops.js';
import { CliError, withDataAccess } from './local-server.js';

const USAGE = `Pemakaian: npm run admin -- <perintah>

  user add --email E --name "Nama" --role admin|editor|reviewer [--password-stdin]
      Membuat akun. Tanpa --password-stdin dicetak tautan sekali pakai untuk mengatur kata sandi
      (berlaku ${PASSWORD_LINK_TTL_MS / 3_600_000} jam). Dengan --password-stdin kata sandi dibaca dari masukan standar,
      mis. printf '%s' "$SANDI" | npm run admin -- user add … --password-stdin
  user list                     Daftar akun.
  user disable <email>          Menonaktifkan akun; semua sesinya langsung berakhir.
  user role <email> <peran>     Mengubah peran (admin, editor, reviewer).
  user link <email>             Tautan sekali pakai baru untuk mengatur kata sandi.
  token create --name "…" --role admin|editor|reviewer
                                Membuat token API; token dicetak sendirian di baris terakhir, sekali saja.
  token list                    Daftar token API.
  token revoke <id>             Mencabut token API.

Bekerja dengan atau tanpa server berjalan: dengan DATABASE_URL langsung ke Postgres; dengan basis data bawaan
di DATA_DIR langsung (dibuat bila belum ada), atau lewat server Netra yang sedang memegangnya.`;

class UsageError extends Error {
  override name = 'UsageError';
}

const role = (value: string | undefined): Role => {
  if (!(ROLES as readonly (string | undefined)[]).includes(value)) throw new UsageError(`Peran harus salah satu dari: ${ROLES.join(', ')}.`);
  return value as Role;
};

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline comes from `echo` or a here-string; it is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

const userLine = (u: UserView) => `${u.email}\t${u.name}\t${ROLE_LABELS[u.role]}\t${u.disabled ? 'nonaktif' : u.hasPassword ? 'aktif' : 'menunggu kata sandi'}`;

type Command = (ops: AdminOps) => Promise<string>;

/** Parses the arguments into one command; everything read from stdin is read here, before any database opens. */
async function parseCommand(argv: string[]): Promise<Command> {
  const [group, action, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });
  const key = `${group ?? ''} ${action ?? ''}`;
  switch (key) {
    case 'user add': {
      const password = values['password-stdin'] ? await readStdin() : undefined;
      const parsed = newUserSchema.safeParse({ email: values.email, name: values.name, role: values.role, ...(password !== undefined ? { password } : {}) });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
      return async (ops) => {
        const { user, setPasswordUrl } = await ops.addUser(parsed.data);
        const created = `Akun dibuat: ${user.name} <${user.email}> (${ROLE_LABELS[user.role]}).`;
        if (!setPasswordUrl) return `${created} Bisa langsung masuk dengan kata sandinya.`;
        return `${created}\nKirimkan tautan sekali pakai ini kepadanya untuk mengatur kata sandi (berlaku ${PASSWORD_LINK_TTL_MS / 3_600_000} jam):\n${setPasswordUrl}`;
      };
    }
    case 'user list':
      return async (ops) => {
        const users = await ops.listUsers();
        return users.length === 0 ? 'Belum ada akun.' : ['E-MAIL\tNAMA\tPERAN\tSTATUS', ...users.map(userLine)].join('\n');
      };
    case 'user disable': {
      const email = positionals[0];
      if (!email) throw new UsageError('Sebutkan e-mail akun: user disable <email>');
      return async (ops) => `Akun ${(await ops.disableUser(email)).email} dinonaktifkan; semua sesinya berakhir.`;
    }
    case 'user role': {
      const [email, newRole] = positionals;
      if (!email) throw new UsageError('Sebutkan e-mail dan peran: user role <email> <peran>');
      const parsedRole = role(newRole);
      return async (ops) => {
        const user = await ops.changeRole(email, parsedRole);
        return `Peran ${user.email} sekarang ${ROLE_LABELS[user.role]}.`;
      };
    }
    case 'user link': {
      const email = positionals[0];
      if (!email) throw new UsageError('Sebutkan e-mail akun: user link <email>');
      return async (ops) => {
        const { user, setPasswordUrl } = await ops.passwordLink(email);
        return `Tautan sekali pakai untuk ${user.email} (berlaku ${PASSWORD_LINK_TTL_MS / 3_600_000} jam):\n${setPasswordUrl}`;
      };
    }
    case 'token create': {
      const name = values.name?.trim();
      if (!name) throw new UsageError('Beri nama token: token create --name "…" --role …');
      const tokenRole = role(values.role);
      return async (ops) => {
        const { id, token } = await ops.createToken({ name, role: tokenRole });
        // The token alone on the last line, so scripts can take it with `tail -n 1`.
        return `Token «${name}» (${ROLE_LABELS[tokenRole]}) dibuat, id ${id}. Simpan sekarang: token ini tidak ditampilkan lagi.\n${token}`;
      };
    }
    case 'token list':
      return async (ops) => {
        const tokens = await ops.listTokens();
        if (tokens.length === 0) return 'Belum ada token API.';
        const rows = tokens.map((t) => `${t.id}\t${t.name}\t${ROLE_LABELS[t.role]}\t${t.createdAt}\t${t.lastUsedAt ?? '-'}\t${t.revokedAt ? `dicabut ${t.revokedAt}` : 'aktif'}`);
        return ['ID\tNAMA\tPERAN\tDIBUAT\tTERAKHIR DIPAKAI\tSTATUS', ...rows].join('\n');
      };
    case 'token revoke': {
      const id = positionals[0];
      if (!id) throw new UsageError('Sebutkan id token: token revoke <id>');
      return async (ops) => {
        await ops.revokeToken(id);
        return `Token ${id} dicabut.`;
      };
    }
    default:
      throw new UsageError(group ? `Perintah tidak dikenal: ${key.trim()}` : 'Sebutkan perintah.');
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let command: Command;
  try {
    command = await parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(process.env);
  const output = await withDataAccess(config, {
    onDatabase: (database) => command(databaseOps(database, config)),
    onServer: (server) => command(serverOps(server)),
  });
  console.log(output);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliError || error instanceof ConfigError) console.error(error.message);
    else console.error(`Perintah gagal: ${describeDbError(error).message}`);
    process.exit(1);
  },
);
