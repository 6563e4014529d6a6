import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proto } from '@whiskeysockets/baileys';
import { createInboundClaims } from '../../../src/channels/inbound-claims.js';
import { createInboundDedup } from '../../../src/channels/whatsapp/inbound-dedup.js';
import { createSentMessageStore } from '../../../src/channels/whatsapp/sent-messages.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../../helpers/database.js';
import { memoryLogger } from '../../helpers/logger.js';

const DAY = 24 * 60 * 60 * 1000;
const SECRET = 'housekeeping-test-secret-0123456789';

describe.each(TEST_DRIVERS)('WhatsApp housekeeping (%s)', (driver) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await openTestDatabase(driver);
  });
  afterAll(async () => {
    await testDb.cleanup();
  });

  it('remembers message ids for a week, then lets them go', async () => {
    let now = new Date();
    const dedup = createInboundDedup(createInboundClaims({ db: testDb.database.db, secret: SECRET, log: memoryLogger().log }), () => now);
    expect(await dedup.claim('wamid.A')).toBe('won');
    expect(await dedup.claim('wamid.A')).toBe('busy');
    await dedup.prune();
    expect(await dedup.claim('wamid.A')).toBe('busy');
    now = new Date(Date.now() + 8 * DAY);
    await dedup.prune();
    expect(await dedup.claim('wamid.A')).toBe('won');
  });

  it('answers anyway when the dedupe table cannot be reached', async () => {
    const logs = memoryLogger();
    const broken = await openTestDatabase(driver);
    const dedup = createInboundDedup(createInboundClaims({ db: broken.database.db, secret: SECRET, log: logs.log }));
    await broken.cleanup();
    expect(await dedup.claim('wamid.B')).toBe('won');
    expect(logs.text()).toContain('answering anyway');
  });

  it('keeps sent messages for retries for a week', async () => {
    let now = new Date();
    const store = createSentMessageStore(testDb.database.db, 'default', () => now);
    await store.store('3EB0AAA', proto.Message.fromObject({ extendedTextMessage: { text: 'halo' } }));
    await store.prune();
    expect((await store.get({ id: '3EB0AAA' }))?.extendedTextMessage?.text).toBe('halo');
    expect(await createSentMessageStore(testDb.database.db, 'other').get({ id: '3EB0AAA' })).toBeUndefined();
    now = new Date(Date.now() + 8 * DAY);
    await store.prune();
    expect(await store.get({ id: '3EB0AAA' })).toBeUndefined();
  });
});
