import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
  type SignalKeyStore,
} from '@whiskeysockets/baileys';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { whatsappAuth } from '../../db/schema.js';

/**
 * Baileys' auth state (creds + Signal keys) in the `whatsapp_auth` table, never in files.
 * Keys change on nearly every message and each `keys.set()` must be durable, or messages stop decrypting;
 * one `set()` is one transaction, so a crash never leaves half a key batch. Key types are not listed
 * anywhere here: whatever Baileys hands us (v7 adds `lid-mapping`, `device-list`, `tctoken`) is stored.
 */

const CREDS_KIND = 'creds';
const CREDS_ID = '';
/** Rows per INSERT: pre-key uploads write hundreds of keys at once; stay far below Postgres' parameter limit. */
const BATCH = 500;

export interface DatabaseAuthState {
  state: AuthenticationState;
  /** Persists the current creds; call on every `creds.update`. Writes are serialised in call order. */
  saveCreds(): Promise<void>;
  /** Deletes the whole session (after `loggedOut`); this handle then writes nothing more. */
  clear(): Promise<void>;
  /** Resolves when every write issued so far has finished (shutdown). */
  flush(): Promise<void>;
}

export const serialize = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
export const deserialize = <T>(text: string): T => JSON.parse(text, BufferJSON.reviver) as T;

export async function useDatabaseAuthState(db: Db, session: string): Promise<DatabaseAuthState> {
  const stored = await db
    .select({ value: whatsappAuth.value })
    .from(whatsappAuth)
    .where(and(eq(whatsappAuth.session, session), eq(whatsappAuth.kind, CREDS_KIND), eq(whatsappAuth.keyId, CREDS_ID)))
    .limit(1);
  const creds: AuthenticationCreds = stored[0] ? deserialize<AuthenticationCreds>(stored[0].value) : initAuthCreds();

  let cleared = false;
  let pending: Promise<void> = Promise.resolve();
  /** Runs writes one after another, so an older creds snapshot never overwrites a newer one. */
  const serially = (write: () => Promise<void>): Promise<void> => {
    const next = pending.then(() => (cleared ? undefined : write()));
    pending = next.catch(() => undefined);
    return next;
  };

  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const result: { [id: string]: SignalDataTypeMap[T] } = {};
      if (ids.length === 0) return result;
      const rows = await db
        .select({ keyId: whatsappAuth.keyId, value: whatsappAuth.value })
        .from(whatsappAuth)
        .where(and(eq(whatsappAuth.session, session), eq(whatsappAuth.kind, type), inArray(whatsappAuth.keyId, [...new Set(ids)])));
      for (const row of rows) {
        let value: unknown = deserialize(row.value);
        if (type === 'app-state-sync-key' && value) value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
        result[row.keyId] = value as SignalDataTypeMap[T];
      }
      return result;
    },
    set: (data: SignalDataSet) => serially(() => writeKeys(db, session, data)),
  };

  return {
    state: { creds, keys },
    saveCreds: () =>
      serially(async () => {
        const value = serialize(creds);
        await db
          .insert(whatsappAuth)
          .values({ session, kind: CREDS_KIND, keyId: CREDS_ID, value })
          .onConflictDoUpdate({
            target: [whatsappAuth.session, whatsappAuth.kind, whatsappAuth.keyId],
            set: { value, updatedAt: sql`now()` },
          });
      }),
    async clear() {
      await pending;
      cleared = true;
      await db.delete(whatsappAuth).where(eq(whatsappAuth.session, session));
    },
    flush: () => pending,
  };
}

/** Upserts the non-null values and deletes the null ones, all in one transaction, in a fixed row order. */
async function writeKeys(db: Db, session: string, data: SignalDataSet): Promise<void> {
  const upserts: { session: string; kind: string; keyId: string; value: string }[] = [];
  const deletes = new Map<string, string[]>();
  for (const [kind, entries] of Object.entries(data) as [string, Record<string, unknown> | undefined][]) {
    for (const [keyId, value] of Object.entries(entries ?? {})) {
      if (value === null || value === undefined) deletes.set(kind, [...(deletes.get(kind) ?? []), keyId]);
      else upserts.push({ session, kind, keyId, value: serialize(value) });
    }
  }
  if (upserts.length === 0 && deletes.size === 0) return;
  // A consistent order means two concurrent batches lock rows in the same order and cannot deadlock.
  upserts.sort((a, b) => (a.kind === b.kind ? (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0) : a.kind < b.kind ? -1 : 1));
  await db.transaction(async (tx) => {
    for (let i = 0; i < upserts.length; i += BATCH) {
      await tx
        .insert(whatsappAuth)
        .values(upserts.slice(i, i + BATCH))
        .onConflictDoUpdate({
          target: [whatsappAuth.session, whatsappAuth.kind, whatsappAuth.keyId],
          set: { value: sql`excluded.value`, updatedAt: sql`now()` },
        });
    }
    for (const [kind, ids] of deletes) {
      for (let i = 0; i < ids.length; i += BATCH) {
        await tx
          .delete(whatsappAuth)
          .where(and(eq(whatsappAuth.session, session), eq(whatsappAuth.kind, kind), inArray(whatsappAuth.keyId, ids.slice(i, i + BATCH))));
      }
    }
  });
}
