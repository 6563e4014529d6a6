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
    expect(await claims.claim('whatsapp', wamid)).toBe(true);
    expect(await claims.claim('whatsapp', wamid)).toBe(false);
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
    expect(results.slice(0, 50).every(Boolean)).toBe(true);
    expect(results[50]).toBe(false);
    expect(results[51]).toBe(true);
    expect(await testDb.database.db.select().from(inboundDedup)).toHaveLength(51);
    expect(await Promise.all(['update-0', 'update-49'].map((id) => claims.claim('telegram', id)))).toEqual([false, false]);
  }, 120_000);

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
      expect(await claims.claim('telegram', '1:100')).toBe(true);

      if (failure === 'refused') await proxy.cut();
      else proxy.silence();
      // Decided without the database: new ids are claimed, repeats within this process still refused.
      expect(await claims.claim('telegram', '1:101')).toBe(true);
      expect(await claims.claim('telegram', '1:101')).toBe(false);
      expect(await claims.claim('telegram', '1:102')).toBe(true);
      // Meanwhile another replica, still connected, had already handled update 102.
      await recordInboundKeys(direct.db, 'telegram', [inboundKey(SECRET, 'telegram', '1:102')], 30_000);
      expect(claims.stats()).toMatchObject({ databaseUp: false, unreconciled: 2 });
      expect(claims.stats().fallbacks).toBeGreaterThanOrEqual(3);
      expect(logs.text()).toContain('deciding from memory and answering anyway');

      if (failure === 'silent') await proxy.cut(); // drop the hung connections so the pool reconnects
      await proxy.restore();
      claims.start();
      cleanups.push(async () => claims.stop());
      for (let i = 0; i < 200 && claims.stats().unreconciled > 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(claims.stats()).toMatchObject({ databaseUp: true, unreconciled: 0, duplicatesSlipped: 1 });
      const stored = (await direct.db.select().from(inboundDedup)).map((r) => r.externalId).sort();
      expect(stored).toEqual(['1:100', '1:101', '1:102'].map((id) => inboundKey(SECRET, 'telegram', id)).sort());
      // And the database decides again.
      expect(await claims.claim('telegram', '1:101')).toBe(false);
    }, 60_000);
  }
});
