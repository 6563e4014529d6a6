import { eq, sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { pruneMessageTables } from '../../src/channels/housekeeping.js';
import { createInboundClaims } from '../../src/channels/inbound-claims.js';
import { inboundKey, recordInboundKeys } from '../../src/channels/inbound-dedup.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { chatContext, inboundDedup } from '../../src/db/schema.js';
import { TcpProxy } from '../analytics/tcp-proxy.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { memoryLogger } from '../helpers/logger.js';

const SECRET = 'inbound-claims-test-secret-0123456789';
const HOUR = 60 * 60 * 1000;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function testDatabase(driver: 'pglite' | 'postgres'): Promise<TestDatabase> {
  const db = await openTestDatabase(driver);
  cleanups.push(() => db.cleanup());
  return db;
}

describe.each(TEST_DRIVERS)('inbound claims on %s', (driver) => {
  it('stores a keyed hash of the platform id, never the id itself', async () => {
    const testDb = await testDatabase(driver);
    const claims = createInboundClaims({ db: testDb.database.db, secret: SECRET, log: memoryLogger().log });
    // A WhatsApp Cloud id embeds the sender's number in base64.
    const wamid = `wamid.${Buffer.from('6281234567890').toString('base64')}AA==`;
    expect(await claims.claim('whatsapp', wamid)).toBe('won');
    expect(await claims.claim('whatsapp', wamid)).toBe('busy');
    const rows = await testDb.database.db.select().from(inboundDedup);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.externalId).toBe(inboundKey(SECRET, 'whatsapp', wamid));
    expect(JSON.stringify(rows)).not.toContain('wamid');
    expect(JSON.stringify(rows)).not.toContain(Buffer.from('6281234567890').toString('base64'));
  }, 120_000);

  it('claims arriving together share one insert, and an id delivered twice in that batch is handled once', async () => {
    const testDb = await testDatabase(driver);
    const claims = createInboundClaims({ db: testDb.database.db, secret: SECRET, log: memoryLogger().log });
    const ids = Array.from({ length: 50 }, (_, i) => `update-${i}`);
    // A redelivery of update-7 races the original, and WhatsApp ids arrive in the same turn.
    const results = await Promise.all([
      ...ids.map((id) => claims.claim('telegram', id)),
      claims.claim('telegram', 'update-7'),
      claims.claim('whatsapp', 'update-7'),
    ]);
    expect(results.slice(0, 50).every((r) => r === 'won')).toBe(true);
    // Its first caller is answering it right now.
    expect(results[50]).toBe('busy');
    expect(results[51]).toBe('won');
    expect(await testDb.database.db.select().from(inboundDedup)).toHaveLength(51);
    claims.answered('telegram', 'update-0');
    await claims.reconcile();
    expect(await Promise.all(['update-0', 'update-49'].map((id) => claims.claim('telegram', id)))).toEqual(['duplicate', 'busy']);
  }, 120_000);

  describe('claim states', () => {
    const LEASE_MS = 30_000;
    const keyOf = (id: string) => inboundKey(SECRET, 'telegram', id);

    async function setup() {
      const testDb = await testDatabase(driver);
      const { db } = testDb.database;
      const claims = createInboundClaims({ db, secret: SECRET, log: memoryLogger().log, leaseMs: LEASE_MS });
      const row = async (id: string) => (await db.select().from(inboundDedup).where(eq(inboundDedup.externalId, keyOf(id))))[0];
      /** Moves a claim back in time: as if it had been made `ms` ago. */
      const age = (id: string, ms: number) =>
        db
          .update(inboundDedup)
          .set({ claimedAt: sql`now() - ${ms} * interval '1 millisecond'` })
          .where(eq(inboundDedup.externalId, keyOf(id)));
      return { testDb, db, claims, row, age };
    }

    it('a fresh claim is stored claimed, and answered once its handling is over', async () => {
      const { claims, row } = await setup();
      expect(await claims.claim('telegram', '1:1')).toBe('won');
      expect(await row('1:1')).toMatchObject({ state: 'claimed' });
      claims.answered('telegram', '1:1');
      await claims.reconcile();
      expect(await row('1:1')).toMatchObject({ state: 'answered' });
      expect(claims.stats()).toMatchObject({ takenOver: 0, answeredPending: 0 });
    }, 120_000);

    it('a redelivery of an answered message is a duplicate, however old its claim', async () => {
      const { claims, age } = await setup();
      expect(await claims.claim('telegram', '1:2')).toBe('won');
      claims.answered('telegram', '1:2');
      await claims.reconcile();
      expect(await claims.claim('telegram', '1:2')).toBe('duplicate');
      await age('1:2', 10 * LEASE_MS);
      expect(await claims.claim('telegram', '1:2')).toBe('duplicate');
      expect(claims.stats()).toMatchObject({ takenOver: 0, busy: 0 });
    }, 120_000);

    it('a redelivery of a fresh claim not answered yet is busy, on this replica and on another', async () => {
      const { db, claims, age, row } = await setup();
      const other = createInboundClaims({ db, secret: SECRET, log: memoryLogger().log, leaseMs: LEASE_MS });
      expect(await claims.claim('telegram', '1:3')).toBe('won');
      expect(await other.claim('telegram', '1:3')).toBe('busy');
      await age('1:3', LEASE_MS - 5_000);
      const before = (await row('1:3'))!;
      expect(await claims.claim('telegram', '1:3')).toBe('busy');
      expect(await other.claim('telegram', '1:3')).toBe('busy');
      // Busy leaves the claim as it was: its lease still runs out on time.
      expect(await row('1:3')).toEqual(before);
      expect(claims.stats()).toMatchObject({ busy: 1, takenOver: 0 });
      expect(other.stats()).toMatchObject({ busy: 2, takenOver: 0 });
    }, 120_000);

    it('a redelivery of a claim older than the lease and never answered takes it over, once', async () => {
      const { claims, age, row } = await setup();
      expect(await claims.claim('telegram', '1:4')).toBe('won');
      await age('1:4', LEASE_MS + 1_000);
      const before = (await row('1:4'))!;
      expect(await claims.claim('telegram', '1:4')).toBe('won');
      const after = (await row('1:4'))!;
      expect(after.state).toBe('claimed');
      expect(after.claimedAt.getTime()).toBeGreaterThan(before.claimedAt.getTime() + LEASE_MS);
      expect(after.receivedAt).toEqual(before.receivedAt);
      expect(claims.stats().takenOver).toBe(1);
      // The new claim holds for a lease of its own.
      expect(await claims.claim('telegram', '1:4')).toBe('busy');
      claims.answered('telegram', '1:4');
      await claims.reconcile();
      await age('1:4', 10 * LEASE_MS);
      expect(await claims.claim('telegram', '1:4')).toBe('duplicate');
    }, 120_000);

    it('concurrent redeliveries of a stale claim on two replicas: exactly one takes it over, the others are busy', async () => {
      const { db, claims, age } = await setup();
      const other = createInboundClaims({ db, secret: SECRET, log: memoryLogger().log, leaseMs: LEASE_MS });
      const ids = Array.from({ length: 8 }, (_, i) => `2:${i}`);
      expect(await Promise.all(ids.map((id) => claims.claim('telegram', id)))).toEqual(ids.map(() => 'won'));
      for (const id of ids) await age(id, LEASE_MS + 1_000);
      const results = await Promise.all(ids.flatMap((id) => [claims.claim('telegram', id), other.claim('telegram', id), other.claim('telegram', id), claims.claim('telegram', id)]));
      for (let i = 0; i < ids.length; i++) expect(results.slice(i * 4, i * 4 + 4).sort(), ids[i]).toEqual(['busy', 'busy', 'busy', 'won']);
      expect(claims.stats().takenOver + other.stats().takenOver).toBe(ids.length);
    }, 120_000);
  });

  it('prunes old ids and expired chat contexts of every channel in one pass', async () => {
    const testDb = await testDatabase(driver);
    const { db } = testDb.database;
    const claims = createInboundClaims({ db, secret: SECRET, log: memoryLogger().log });
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    await db.insert(inboundDedup).values([
      { channel: 'telegram', externalId: 'tg-old', receivedAt: ago(49 * HOUR) },
      { channel: 'telegram', externalId: 'tg-new', receivedAt: ago(1 * HOUR) },
      { channel: 'whatsapp', externalId: 'wa-old', receivedAt: ago(8 * 24 * HOUR) },
      { channel: 'whatsapp', externalId: 'wa-new', receivedAt: ago(49 * HOUR) },
    ]);
    await db.insert(chatContext).values([
      { channel: 'whatsapp', chatKey: 'expired', data: {}, expiresAt: ago(1) },
      { channel: 'telegram', chatKey: 'expired', data: {}, expiresAt: ago(1) },
      { channel: 'whatsapp', chatKey: 'live', data: {}, expiresAt: new Date(now.getTime() + HOUR) },
    ]);
    expect(await pruneMessageTables({ db, claims, log: memoryLogger().log, now: () => now })).toEqual({ inbound: 2, contexts: 2 });
    expect((await db.select().from(inboundDedup)).map((r) => r.externalId).sort()).toEqual(['tg-new', 'wa-new']);
    expect((await db.select().from(chatContext)).map((r) => r.chatKey)).toEqual(['live']);
  }, 120_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('inbound claims while Postgres is unreachable (TCP proxy)', () => {
  async function behindProxy(): Promise<{ direct: Database; viaProxy: Database; proxy: TcpProxy }> {
    const testDb = await testDatabase('postgres');
    const target = new URL(testDb.url!);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    const url = new URL(testDb.url!);
    url.hostname = '127.0.0.1';
    url.port = String(await proxy.start());
    const viaProxy = await openDatabase({ kind: 'postgres', url: url.toString(), maxConnections: 2 });
    cleanups.push(async () => {
      await proxy.close();
      await viaProxy.close().catch(() => undefined);
    });
    return { direct: testDb.database, viaProxy, proxy };
  }

  for (const failure of ['refused', 'silent'] as const) {
    it(`falls back to memory when connections are ${failure}, then reconciles and counts the duplicates that slipped through`, async () => {
      const { direct, viaProxy, proxy } = await behindProxy();
      const logs = memoryLogger();
      const claims = createInboundClaims({ db: viaProxy.db, secret: SECRET, log: logs.log, timeoutMs: 300, downForMs: 200, reconcileEveryMs: 50 });
      expect(await claims.claim('telegram', '1:100')).toBe('won');

      if (failure === 'refused') await proxy.cut();
      else proxy.silence();
      // Decided without the database: new ids are claimed, repeats within this process still refused.
      expect(await claims.claim('telegram', '1:101')).toBe('won');
      expect(await claims.claim('telegram', '1:101')).toBe('duplicate');
      expect(await claims.claim('telegram', '1:102')).toBe('won');
      // Answered during the outage: 100 (claimed in the database before the cut) and 101 (claimed from memory).
      claims.answered('telegram', '1:100');
      claims.answered('telegram', '1:101');
      // Meanwhile another replica, still connected, had already claimed update 102.
      await recordInboundKeys(direct.db, 'telegram', [inboundKey(SECRET, 'telegram', '1:102')], 30_000);
      expect(claims.stats()).toMatchObject({ databaseUp: false, unreconciled: 2 });
      expect(claims.stats().fallbacks).toBeGreaterThanOrEqual(3);
      expect(logs.text()).toContain('deciding from memory and answering anyway');

      if (failure === 'silent') await proxy.cut(); // drop the hung connections so the pool reconnects
      await proxy.restore();
      claims.start();
      cleanups.push(async () => claims.stop());
      for (let i = 0; i < 200 && claims.stats().unreconciled > 0; i++) await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 200 && claims.stats().answeredPending > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(claims.stats()).toMatchObject({ databaseUp: true, unreconciled: 0, duplicatesSlipped: 1, answeredPending: 0 });
      const stored = (await direct.db.select().from(inboundDedup)).map((r) => [r.externalId, r.state]).sort();
      // What this process answered is stored answered (never taken over); 102 stays the other replica's claim.
      const expected = [['1:100', 'answered'], ['1:101', 'answered'], ['1:102', 'claimed']].map(([id, state]) => [inboundKey(SECRET, 'telegram', id!), state]);
      expect(stored).toEqual(expected.sort());
      // And the database decides again.
      expect(await claims.claim('telegram', '1:101')).toBe('duplicate');
      expect(claims.stats().busy).toBe(0);
    }, 60_000);
  }
});
