import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deflateSync } from 'node:zlib';
import {
  addTransactionCapability,
  getHistoryMsg,
  jidNormalizedUser,
  makeEventBuffer,
  PROCESSABLE_HISTORY_TYPES,
  proto,
  type BaileysEventMap,
  type WAMessage,
} from '@whiskeysockets/baileys';
import { LIDMappingStore } from '@whiskeysockets/baileys/lib/Signal/lid-mapping.js';
import processMessage from '@whiskeysockets/baileys/lib/Utils/process-message.js';
import pino from 'pino';
import { useDatabaseAuthState } from '../../../src/channels/whatsapp/auth-store.js';
import { createBaileysAdapter } from '../../../src/channels/whatsapp/baileys-adapter.js';
import { shouldSyncHistoryMessage, SYNCED_HISTORY_TYPES } from '../../../src/channels/whatsapp/history-sync.js';
import { createInboundDedup } from '../../../src/channels/whatsapp/inbound-dedup.js';
import { createInboundClaims } from '../../../src/channels/inbound-claims.js';
import { createNumberedContextStore } from '../../../src/channels/whatsapp/numbered-context.js';
import { createSentMessageStore } from '../../../src/channels/whatsapp/sent-messages.js';
import type { KnowledgeSnapshot } from '../../../src/kb/snapshot.js';
import { TEST_DRIVERS } from '../../helpers/database.js';
import { realKnowledgeSnapshot } from '../../helpers/knowledge.js';
import { BOT_LID, BOT_PN, FakeSocket } from './fake-socket.js';
import { answeredQuestion, openTestBed, USER_KEY_SECRET, type TestBed } from './testbed.js';

const { HistorySyncType } = proto.Message;
const silent = pino({ level: 'silent' });

describe('history sync predicate', () => {
  // Every type WhatsApp's notification can name, decided one by one.
  const expected: Record<keyof typeof HistorySyncType, boolean> = {
    INITIAL_BOOTSTRAP: true, // chat list with each chat's pnJid/lidJid, plus phoneNumberToLidMappings
    PUSH_NAME: true, // contacts' push names; carries no messages
    NON_BLOCKING_DATA: true, // past participants and other metadata; carries no messages
    INITIAL_STATUS_V3: false, // status updates
    RECENT: false, // recent message history
    FULL: false, // the whole message history
    ON_DEMAND: false, // history fetched on request
    NO_HISTORY: false,
    MESSAGE_ACCESS_STATUS: false,
  };

  it.each(Object.entries(expected))('%s → %s', (name, allowed) => {
    const syncType = HistorySyncType[name as keyof typeof HistorySyncType];
    expect(shouldSyncHistoryMessage({ syncType })).toBe(allowed);
  });

  it('covers every type of the enum, refuses a notification without a type, and keeps a type Baileys processes', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(HistorySyncType).filter((k) => Number.isNaN(Number(k))).sort());
    expect(shouldSyncHistoryMessage({})).toBe(false);
    // Baileys warns "DISABLING ALL SYNC…" exactly when every processable type is refused (Socket/socket.js).
    expect(PROCESSABLE_HISTORY_TYPES.some((syncType) => shouldSyncHistoryMessage({ syncType }))).toBe(true);
    for (const syncType of SYNCED_HISTORY_TYPES) expect(PROCESSABLE_HISTORY_TYPES).toContain(syncType);
  });
});

/**
 * A history sync notification delivered as Baileys' socket delivers it (Socket/chats.js `upsertMessage`): emitted
 * as `messages.upsert`, then run through Baileys' own `processMessage`, which inflates the inline payload, stores
 * its LID mappings in the auth store's `lid-mapping` keys and emits `messaging-history.set`. Netra's adapter
 * listens on the same events.
 */
describe.each(TEST_DRIVERS)('history sync through Baileys (%s)', (driver) => {
  const CHAT_LID = '131313131313131@lid';
  const CHAT_PN = '6281311111111@s.whatsapp.net';
  const MAPPED_LID = '242424242424242@lid';
  const MAPPED_PN = '6281322222222@s.whatsapp.net';
  let knowledge: KnowledgeSnapshot;
  let bed: TestBed;

  beforeAll(async () => {
    knowledge = await realKnowledgeSnapshot();
    bed = await openTestBed(driver, knowledge);
  });
  afterAll(async () => {
    await bed.cleanup();
  });
  beforeEach(async () => {
    await bed.reset();
  });

  function notification(syncType: proto.Message.HistorySyncType, question: string): WAMessage {
    const history = proto.HistorySync.encode({
      syncType: syncType as number as proto.HistorySync.HistorySyncType,
      conversations: [
        {
          id: CHAT_LID,
          pnJid: CHAT_PN,
          messages: [
            {
              message: {
                key: { remoteJid: CHAT_LID, fromMe: false, id: 'HISTORY-QUESTION-1' },
                message: { conversation: question },
                messageTimestamp: Math.floor(Date.now() / 1000) - 60,
              },
            },
          ],
        },
      ],
      phoneNumberToLidMappings: [{ pnJid: MAPPED_PN, lidJid: MAPPED_LID }],
    }).finish();
    return {
      key: { remoteJid: BOT_PN, fromMe: true, id: `HISTORY-NOTIFICATION-${syncType}` },
      messageTimestamp: Math.floor(Date.now() / 1000),
      message: {
        protocolMessage: {
          type: proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION,
          historySyncNotification: { syncType, initialHistBootstrapInlinePayload: deflateSync(history) },
        },
      },
    };
  }

  async function deliver(syncType: proto.Message.HistorySyncType) {
    const db = bed.database.db;
    const auth = await useDatabaseAuthState(db, 'history');
    auth.state.creds.me = { id: BOT_PN, lid: BOT_LID };
    const keys = addTransactionCapability(auth.state.keys, silent, { maxCommitRetries: 1, delayBetweenTriesMs: 10 });
    const lidMapping = new LIDMappingStore(keys, silent);
    const ev = makeEventBuffer(silent);
    const historySets: BaileysEventMap['messaging-history.set'][] = [];
    ev.on('messaging-history.set', (set) => historySets.push(set));

    // Netra's adapter, fed with every messages.upsert Baileys emits.
    const adapter = createBaileysAdapter({
      core: bed.core,
      contexts: createNumberedContextStore(db),
      dedup: createInboundDedup(createInboundClaims({ db, secret: USER_KEY_SECRET, log: bed.logs.log })),
      sent: createSentMessageStore(db, 'history'),
      userKeySecret: USER_KEY_SECRET,
      log: bed.logs.log,
    });
    const socket = new FakeSocket();
    adapter.attach(socket);
    ev.on('messages.upsert', (upsert) => socket.ev.emit('messages.upsert', upsert));

    const message = notification(syncType, answeredQuestion(knowledge));
    ev.emit('messages.upsert', { messages: [message], type: 'notify' });
    const historyMsg = getHistoryMsg(message.message!)!;
    const shouldProcessHistoryMsg = shouldSyncHistoryMessage(historyMsg) && PROCESSABLE_HISTORY_TYPES.includes(historyMsg.syncType as number as proto.HistorySync.HistorySyncType);
    await processMessage(message, {
      shouldProcessHistoryMsg,
      ev,
      creds: auth.state.creds,
      keyStore: keys,
      signalRepository: { lidMapping } as never,
      logger: silent,
      options: {},
      getMessage: async () => undefined,
    });
    await adapter.idle();
    await auth.flush();

    // What a later socket finds in the database.
    const reloaded = await useDatabaseAuthState(db, 'history');
    const stored = new LIDMappingStore(addTransactionCapability(reloaded.state.keys, silent, { maxCommitRetries: 1, delayBetweenTriesMs: 10 }), silent);
    return { socket, historySets, stored };
  }

  it('INITIAL_BOOTSTRAP: stores both kinds of LID mapping, and its message history is never answered', async () => {
    const { socket, historySets, stored } = await deliver(HistorySyncType.INITIAL_BOOTSTRAP);
    expect(jidNormalizedUser((await stored.getPNForLID(MAPPED_LID)) ?? '')).toBe(MAPPED_PN);
    expect(jidNormalizedUser((await stored.getPNForLID(CHAT_LID)) ?? '')).toBe(CHAT_PN);
    // Baileys hands the old messages over only as messaging-history.set, which Netra does not listen to.
    expect(historySets.flatMap((s) => s.messages.map((m) => m.key.id))).toEqual(['HISTORY-QUESTION-1']);
    expect(socket.sent).toEqual([]);
    expect(await bed.dumpTables()).not.toContain('HISTORY-QUESTION-1');
  });

  it('RECENT: not processed at all (no download, no mappings, no history event, no answer)', async () => {
    const { socket, historySets, stored } = await deliver(HistorySyncType.RECENT);
    expect(await stored.getPNForLID(MAPPED_LID)).toBeNull();
    expect(historySets).toEqual([]);
    expect(socket.sent).toEqual([]);
  });
});
