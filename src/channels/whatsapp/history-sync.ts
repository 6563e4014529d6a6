import { proto } from '@whiskeysockets/baileys';

/** The notification's enum (a superset of `proto.HistorySync.HistorySyncType`, with NO_HISTORY and MESSAGE_ACCESS_STATUS). */
const { HistorySyncType } = proto.Message;

/**
 * The history sync types Netra lets Baileys download and process: those that carry contacts and the phone
 * number ↔ LID mappings but no message history. Baileys stores the `phoneNumberToLidMappings` of every processed
 * sync (and the pnJid/lidJid of each chat in INITIAL_BOOTSTRAP) in its `lid-mapping` keys; refusing every type
 * makes it warn that LID mappings will be missing. Message history (RECENT, FULL, ON_DEMAND) and status updates
 * (INITIAL_STATUS_V3) are refused: a bot answering new questions has no use for them. See docs/whatsapp.md.
 */
export const SYNCED_HISTORY_TYPES: ReadonlySet<proto.Message.HistorySyncType> = new Set([
  HistorySyncType.INITIAL_BOOTSTRAP,
  HistorySyncType.PUSH_NAME,
  HistorySyncType.NON_BLOCKING_DATA,
]);

/** Baileys' `shouldSyncHistoryMessage`. */
export function shouldSyncHistoryMessage(notification: proto.Message.IHistorySyncNotification): boolean {
  return notification.syncType !== null && notification.syncType !== undefined && SYNCED_HISTORY_TYPES.has(notification.syncType);
}
