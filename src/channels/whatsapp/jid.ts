import { isJidGroup, isLidUser, isPnUser, jidDecode, type WAMessageKey } from '@whiskeysockets/baileys';

/**
 * WhatsApp v7 addresses a person either by phone-number JID (`628…@s.whatsapp.net`) or by LID (`…@lid`),
 * and a message may carry the other form in `remoteJidAlt` / `participantAlt`. We key users by the phone
 * number when the message reveals it (the Cloud API's `from` is the same number, so both transports agree)
 * and by the LID otherwise.
 *
 * Limitation: a person first seen only by LID and later by phone number gets two pseudonymous keys, unless
 * Baileys already knows the LID→PN pair (`lidMapping`, persisted in our auth store). We never look the number
 * up over the network: the pseudonymous key is enough, and not learning numbers is better for privacy.
 */

/** The sender's JIDs: who wrote the message (participant in groups, the chat partner otherwise). */
export function senderJids(key: WAMessageKey): { primary: string | undefined; alternate: string | undefined } {
  const group = isJidGroup(key.remoteJid ?? undefined);
  return group
    ? { primary: key.participant ?? undefined, alternate: key.participantAlt }
    : { primary: key.remoteJid ?? undefined, alternate: key.remoteJidAlt };
}

/** A stable platform id for a JID: the phone number for PN JIDs, `lid:<id>` for LIDs (device suffix dropped). */
export function platformUserId(jid: string): string | null {
  const decoded = jidDecode(jid);
  if (!decoded?.user) return null;
  if (isPnUser(jid)) return decoded.user;
  if (isLidUser(jid)) return `lid:${decoded.user}`;
  return null;
}

/** Prefers the phone-number form among the JIDs a message carries; falls back to the LID. */
export function preferredSenderJid(key: WAMessageKey): string | undefined {
  const { primary, alternate } = senderJids(key);
  if (primary && isPnUser(primary)) return primary;
  if (alternate && isPnUser(alternate)) return alternate;
  return primary ?? alternate;
}
