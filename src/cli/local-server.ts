import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { readLocalAdmin } from '../admin/auth/local-admin.js';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { DataDirLockedError } from '../db/lock.js';
import { openCliDatabase } from './database.js';

/**
 * How a CLI command reaches the data, whether or not `npm start` is running:
 * - DATABASE_URL (Postgres): directly, always (many processes may share it);
 * - embedded PGlite, free: opened (created and migrated on a fresh DATA_DIR) by the command itself;
 * - embedded PGlite held by the running server: through that server's `/api/...` routes, authenticated by
 *   the local admin token the server wrote into DATA_DIR (see src/admin/auth/local-admin.ts).
 * Never two processes on one PGlite directory, and never an unbounded wait.
 */

/** A message for the person at the terminal (Indonesian); the CLI prints it and exits 1. */
export class CliError extends Error {
  override name = 'CliError';
}

/** The running Netra server, called as the local admin. */
export interface LocalServerClient {
  url: string;
  /** A JSON request; a non-2xx answer throws a CliError carrying the server's message. */
  request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** The raw response (for non-JSON answers); the caller checks the status. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export type DataAccess = { kind: 'database'; database: Database } | { kind: 'server'; server: LocalServerClient };

export interface DataAccessOptions {
  /** How long to wait for a server that holds the database but has not published its address yet. */
  waitMs?: number;
  /** Timeout of one request to the server. */
  requestTimeoutMs?: number;
}

/**
 * Opens the database (the caller closes it) or, when a running server holds the embedded one, returns a
 * client for that server. Throws a CliError when neither is possible within `waitMs`.
 */
export async function openDataAccess(config: Config, options: DataAccessOptions = {}): Promise<DataAccess> {
  if (config.DATABASE_URL) return { kind: 'database', database: await openCliDatabase(config) };
  const dataDir = join(config.DATA_DIR);
  const deadline = Date.now() + (options.waitMs ?? 30_000);
  for (;;) {
    try {
      return { kind: 'database', database: await openCliDatabase(config) };
    } catch (error) {
      if (!(error instanceof DataDirLockedError)) throw error;
      const info = readLocalAdmin(dataDir);
      if (info) return { kind: 'server', server: localServerClient(info.url, info.token, options.requestTimeoutMs ?? 60_000) };
      // The holder is starting up (migrating, importing) or is another short command: try again shortly.
      if (Date.now() >= deadline) {
        throw new CliError(
          `Basis data di ${dataDir} sedang dipakai proses lain yang tidak menerima perintah (${error.message}). ` +
            'Tunggu sampai proses itu selesai, atau hentikan lalu jalankan perintah ini lagi.',
        );
      }
      await sleep(250);
    }
  }
}

/** Runs `onDatabase` (closing the database afterwards) or `onServer`, whichever `openDataAccess` gives. */
export async function withDataAccess<T>(
  config: Config,
  handlers: { onDatabase(database: Database): Promise<T>; onServer(server: LocalServerClient): Promise<T> },
  options?: DataAccessOptions,
): Promise<T> {
  const access = await openDataAccess(config, options);
  if (access.kind === 'server') return handlers.onServer(access.server);
  try {
    return await handlers.onDatabase(access.database);
  } finally {
    await access.database.close();
  }
}

/** A client for a Netra server with a bearer token (exported for tests and for ADMIN_TOKEN use). */
export function localServerClient(url: string, token: string, timeoutMs = 60_000): LocalServerClient {
  const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
    try {
      return await fetch(`${url}${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      throw new CliError(`Server Netra di ${url} memegang basis data, tetapi tidak menjawab. Periksa server itu, atau hentikan lalu jalankan perintah ini lagi.`);
    }
  };
  return {
    url,
    fetch: call,
    async request<T>(method: string, path: string, body?: unknown): Promise<T> {
      const response = await call(path, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        parsed = undefined;
      }
      if (!response.ok) {
        const message = (parsed as { message?: string } | undefined)?.message ?? text;
        throw new CliError(`Server Netra menolak permintaan (HTTP ${response.status}): ${message}`);
      }
      return parsed as T;
    },
  };
}
