import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import * as schema from './schema.js';
import { acquireDataDirLock, type DataDirLock } from './lock.js';

export type Schema = typeof schema;
/** The drizzle database, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** True when the database answers a trivial query (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
  /** The raw postgres.js client (postgres driver only), for LISTEN/NOTIFY and dedicated connections. */
  postgres?: postgres.Sql;
  /** The raw PGlite instance (pglite driver only). */
  pglite?: PGlite;
}

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; maxConnections?: number }
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'memory' };

/** The deadlines every postgres.js call runs under (PGlite is in-process: no network to wait on). */
export const POSTGRES_DEADLINES = {
  connectTimeoutSeconds: 3,
  keepAliveSeconds: 5,
  statementTimeoutMs: 10_000,
  idleInTransactionTimeoutMs: 10_000,
  closeTimeoutSeconds: 2,
} as const;

/** Opens the database Netra runs on: postgres.js for a URL, otherwise embedded PGlite (on disk or in memory). */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return openPostgres(target.url, target.maxConnections ?? 10);
  return openPglite(target.kind === 'pglite' ? target.dataDir : undefined);
}

function openPostgres(url: string, max: number): Database {
  const client = postgres(url, {
    max,
    onnotice: () => {},
    // Every call has a deadline (a dead or silent server must fail into the fallbacks, never hang):
    connect_timeout: POSTGRES_DEADLINES.connectTimeoutSeconds,
    idle_timeout: 60,
    // TCP keepalive notices a connection dropped without a FIN (a black-holed network) within seconds.
    keep_alive: POSTGRES_DEADLINES.keepAliveSeconds,
    connection: {
      statement_timeout: POSTGRES_DEADLINES.statementTimeoutMs,
      idle_in_transaction_session_timeout: POSTGRES_DEADLINES.idleInTransactionTimeoutMs,
    },
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    driver: 'postgres',
    postgres: client,
    ping: () => pingWith(db),
    close: () => client.end({ timeout: POSTGRES_DEADLINES.closeTimeoutSeconds }),
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    // PGlite puts no lock on its directory and a second opener corrupts it, so we take one ourselves.
    lock = acquireDataDirLock(dataDir);
    try {
      client = await PGlite.create(join(dataDir, 'pglite'));
    } catch (error) {
      lock.release();
      throw error;
    }
  } else {
    client = await PGlite.create();
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  let closed = false;
  return {
    db,
    driver: 'pglite',
    pglite: client,
    ping: async () => !closed && (await pingWith(db)),
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        if (dataDir) await client.query('CHECKPOINT');
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function pingWith(db: Db): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
