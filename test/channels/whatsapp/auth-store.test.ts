import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  addTransactionCapability,
  BufferJSON,
  Curve,
  generateSignalPubKey,
  initAuthCreds,
  proto,
  type SignalDataSet,
} from '@whiskeysockets/baileys';
import { LIDMappingStore } from '@whiskeysockets/baileys/lib/Signal/lid-mapping.js';
import { makeLibSignalRepository } from '@whiskeysockets/baileys/lib/Signal/libsignal.js';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { useDatabaseAuthState } from '../../../src/channels/whatsapp/auth-store.js';
import type { Database } from '../../../src/db/client.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../../helpers/database.js';

const silent = pino({ level: 'silent' });
const asJson = (value: unknown) => JSON.stringify(value, BufferJSON.replacer);
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe.each(TEST_DRIVERS)('database auth state (%s)', (driver) => {
  let testDb: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    testDb = await openTestDatabase(driver);
    database = testDb.database;
  });
  afterAll(async () => {
    await testDb.cleanup();
  });
  beforeEach(async () => {
    await database.db.execute(sql`truncate whatsapp_auth`);
  });

  it('starts a new session with fresh creds and round-trips them byte for byte', async () => {
    const first = await useDatabaseAuthState(database.db, 'default');
    expect(first.state.creds.registered).toBe(false);
    first.state.creds.me = { id: '6281100000001:7@s.whatsapp.net', lid: '99887766554433:7@lid' };
    first.state.creds.routingInfo = Buffer.from([1, 2, 3, 250]);
    await first.saveCreds();

    const again = await useDatabaseAuthState(database.db, 'default');
    expect(asJson(again.state.creds)).toBe(asJson(first.state.creds));
    expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true);
    expect(Buffer.compare(again.state.creds.noiseKey.private, first.state.creds.noiseKey.private)).toBe(0);
    expect(again.state.creds.signedPreKey.signature).toEqual(Buffer.from(first.state.creds.signedPreKey.signature));
  });

  it('keeps sessions apart by name', async () => {
    const a = await useDatabaseAuthState(database.db, 'kantor-a');
    await a.saveCreds();
    const b = await useDatabaseAuthState(database.db, 'kantor-b');
    expect(b.state.creds.advSecretKey).not.toBe(a.state.creds.advSecretKey);
  });

  it('stores every key type, v7 lid-mapping, device-list and tctoken included, and deletes on null', async () => {
    const auth = await useDatabaseAuthState(database.db, 'default');
    const preKey = Curve.generateKeyPair();
    const appStateKey = proto.Message.AppStateSyncKeyData.fromObject({ keyData: bytes(32, 7), timestamp: 1_700_000_000 });
    const data: SignalDataSet = {
      'pre-key': { '1': preKey, '2': Curve.generateKeyPair() },
      session: { '6281234567890.0': bytes(120, 1) },
      'sender-key': { '120363025246125486@g.us::6281234567890::0': bytes(64, 2) },
      'sender-key-memory': { '120363025246125486@g.us': { '6281234567890:3@s.whatsapp.net': true } },
      'app-state-sync-key': { AAAAAQ: appStateKey },
      'app-state-sync-version': { regular: { version: 3, hash: Buffer.alloc(128, 9), indexValueMap: { abc: { valueMac: bytes(32, 4) } } } },
      'lid-mapping': { '6281234567890': '112233445566778', '112233445566778_reverse': '6281234567890' },
      'device-list': { '6281234567890': ['0', '3', '12'] },
      tctoken: { '6281234567890@s.whatsapp.net': { token: Buffer.from('privacy-token'), timestamp: '1732345678' } },
      'identity-key': { '6281234567890.0': bytes(33, 5) },
    };
    await auth.state.keys.set(data);

    const reopened = await useDatabaseAuthState(database.db, 'default');
    const keys = reopened.state.keys;
    const preKeys = await keys.get('pre-key', ['1', '2', '3']);
    expect(Object.keys(preKeys).sort()).toEqual(['1', '2']);
    expect(Buffer.compare(Buffer.from(preKeys['1']!.private), Buffer.from(preKey.private))).toBe(0);
    expect(Buffer.from((await keys.get('session', ['6281234567890.0']))['6281234567890.0']!)).toEqual(Buffer.from(bytes(120, 1)));
    expect(await keys.get('sender-key-memory', ['120363025246125486@g.us'])).toEqual(data['sender-key-memory']);
    const syncKey = (await keys.get('app-state-sync-key', ['AAAAAQ']))['AAAAAQ']!;
    expect(syncKey).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(syncKey.keyData!)).toEqual(Buffer.from(bytes(32, 7)));
    const version = (await keys.get('app-state-sync-version', ['regular']))['regular']!;
    expect(version.version).toBe(3);
    expect(Buffer.from(version.indexValueMap['abc']!.valueMac)).toEqual(Buffer.from(bytes(32, 4)));
    expect(await keys.get('lid-mapping', ['6281234567890', '112233445566778_reverse'])).toEqual({
      '6281234567890': '112233445566778',
      '112233445566778_reverse': '6281234567890',
    });
    expect(await keys.get('device-list', ['6281234567890'])).toEqual({ '6281234567890': ['0', '3', '12'] });
    const token = (await keys.get('tctoken', ['6281234567890@s.whatsapp.net']))['6281234567890@s.whatsapp.net']!;
    expect(token.token.toString()).toBe('privacy-token');
    expect(token.timestamp).toBe('1732345678');

    await keys.set({ 'pre-key': { '1': null }, 'lid-mapping': { '6281234567890': null } });
    expect(Object.keys(await keys.get('pre-key', ['1', '2']))).toEqual(['2']);
    expect(await keys.get('lid-mapping', ['6281234567890'])).toEqual({});
  });

  it('writes a key batch all or nothing', async () => {
    // A trigger that rejects one row stands in for a crash or constraint failure halfway through a batch.
    await database.db.execute(sql.raw(`
      create or replace function reject_poison() returns trigger language plpgsql as $$
      begin if new.key_id like '%poison' then raise exception 'poisoned key'; end if; return new; end $$`));
    await database.db.execute(
      sql.raw('create trigger reject_poison before insert or update on whatsapp_auth for each row execute function reject_poison()'),
    );
    try {
      const auth = await useDatabaseAuthState(database.db, 'default');
      const batch: Record<string, Uint8Array | null> = {};
      for (let i = 0; i < 700; i++) batch[`k${String(i).padStart(4, '0')}`] = bytes(8, i % 256);
      // Rows are written in key order, 500 per statement: the poisoned row lands in the second statement,
      // after the first 500 rows were already inserted.
      batch['zzzz-poison'] = bytes(4, 1);
      await expect(auth.state.keys.set({ session: batch, 'pre-key': { '9': null } })).rejects.toThrow();
      const rows = await database.db.execute(sql`select count(*)::int as n from whatsapp_auth`);
      const count = (Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows)[0] as { n: number };
      expect(count.n).toBe(0);
    } finally {
      await database.db.execute(sql.raw('drop trigger if exists reject_poison on whatsapp_auth'));
      await database.db.execute(sql.raw('drop function if exists reject_poison()'));
    }
  });

  it('clear() deletes the session and ignores writes that were still on their way', async () => {
    const auth = await useDatabaseAuthState(database.db, 'default');
    await auth.saveCreds();
    await auth.state.keys.set({ 'pre-key': { '1': Curve.generateKeyPair() } });
    const other = await useDatabaseAuthState(database.db, 'other');
    await other.saveCreds();

    await auth.clear();
    await auth.saveCreds();
    await auth.state.keys.set({ 'pre-key': { '2': Curve.generateKeyPair() } });

    const fresh = await useDatabaseAuthState(database.db, 'default');
    expect(fresh.state.creds.advSecretKey).not.toBe(auth.state.creds.advSecretKey);
    expect(await fresh.state.keys.get('pre-key', ['1', '2'])).toEqual({});
    const untouched = await useDatabaseAuthState(database.db, 'other');
    expect(untouched.state.creds.advSecretKey).toBe(other.state.creds.advSecretKey);
  });

  it("serves Baileys' LID mapping store across a restart", async () => {
    const auth = await useDatabaseAuthState(database.db, 'default');
    const keys = addTransactionCapability(auth.state.keys, silent, { maxCommitRetries: 2, delayBetweenTriesMs: 10 });
    await new LIDMappingStore(keys, silent).storeLIDPNMappings([{ lid: '112233445566778@lid', pn: '6281234567890@s.whatsapp.net' }]);

    const restarted = await useDatabaseAuthState(database.db, 'default');
    const store = new LIDMappingStore(addTransactionCapability(restarted.state.keys, silent, { maxCommitRetries: 2, delayBetweenTriesMs: 10 }), silent);
    expect(await store.getPNForLID('112233445566778@lid')).toBe('6281234567890:0@s.whatsapp.net');
    expect(await store.getLIDForPN('6281234567890@s.whatsapp.net')).toBe('112233445566778@lid');
  });

  it('carries a real Signal conversation between two parties across a restart', async () => {
    const ALICE = '6281100000001@s.whatsapp.net';
    const BOB = '6281200000002@s.whatsapp.net';
    const party = async (session: string) => {
      const auth = await useDatabaseAuthState(database.db, session);
      await auth.saveCreds();
      const keys = addTransactionCapability(auth.state.keys, silent, { maxCommitRetries: 2, delayBetweenTriesMs: 10 });
      return { auth, keys, repo: makeLibSignalRepository({ creds: auth.state.creds, keys }, silent) };
    };
    let alice = await party('alice');
    let bob = await party('bob');
    const preKey = Curve.generateKeyPair();
    await bob.keys.set({ 'pre-key': { '1': preKey } });
    const bobCreds = bob.auth.state.creds;
    await alice.repo.injectE2ESession({
      jid: BOB,
      session: {
        registrationId: bobCreds.registrationId,
        identityKey: generateSignalPubKey(bobCreds.signedIdentityKey.public),
        signedPreKey: {
          keyId: bobCreds.signedPreKey.keyId,
          publicKey: generateSignalPubKey(bobCreds.signedPreKey.keyPair.public),
          signature: bobCreds.signedPreKey.signature,
        },
        preKey: { keyId: 1, publicKey: generateSignalPubKey(preKey.public) },
      },
    });
    const first = await alice.repo.encryptMessage({ jid: BOB, data: Buffer.from('halo, boleh tanya?') });
    expect(first.type).toBe('pkmsg');
    expect(Buffer.from(await bob.repo.decryptMessage({ jid: ALICE, type: first.type, ciphertext: first.ciphertext })).toString()).toBe('halo, boleh tanya?');
    // The one-time pre-key was consumed, and the deletion reached the database.
    expect(await (await useDatabaseAuthState(database.db, 'bob')).state.keys.get('pre-key', ['1'])).toEqual({});

    // Both "restart": every bit of session state must come back from the database.
    alice = await party('alice');
    bob = await party('bob');
    const reply = await bob.repo.encryptMessage({ jid: ALICE, data: Buffer.from('silakan') });
    expect(reply.type).toBe('msg');
    expect(Buffer.from(await alice.repo.decryptMessage({ jid: BOB, type: reply.type, ciphertext: reply.ciphertext })).toString()).toBe('silakan');
  });
});
