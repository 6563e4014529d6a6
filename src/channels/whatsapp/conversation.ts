import { parseCommand } from '../../core/command.js';
import type { Core } from '../../core/handle.js';
import type { ChatType, Incoming, Reply } from '../../core/types.js';
import type { Logger } from '../../logger.js';
import { contextFor, interpretReply, optionIncoming, ratingOf, type NumberedContextStore, type NumberedOption } from './numbered-context.js';

export const FEEDBACK_THANKS_TEXT = 'Terima kasih atas penilaian Anda 🙏';
export const FEEDBACK_NOT_ASKER_TEXT = 'Hanya penanya yang dapat menilai jawaban ini.';

/** One inbound WhatsApp message, already reduced to what the conversation needs (no JIDs, no phone numbers). */
export interface Turn {
  userKey: string;
  /** Pseudonymous key of the chat whose numbered context applies (the user in a private chat). */
  chatKey: string;
  chatType: ChatType;
  text: string;
  /** Set when the user tapped a button or list row instead of typing. */
  picked?: NumberedOption;
}

export type TurnResult = { kind: 'reply'; reply: Reply } | { kind: 'thanks'; text: string };

export interface ConversationDeps {
  core: Core;
  contexts: NumberedContextStore;
  log: Logger;
}

/**
 * Turns one message into what to send back, for both WhatsApp transports: a numbered reply ("2") picks the
 * option it names, 👍/👎 rates the last answer, anything else goes to the core as text or a command.
 */
export async function takeTurn(deps: ConversationDeps, turn: Turn): Promise<TurnResult> {
  const base = { channel: 'whatsapp' as const, userKey: turn.userKey, chatType: turn.chatType };
  let incoming: Incoming;
  if (turn.picked) {
    incoming = { ...base, ...optionIncoming(turn.picked) };
  } else {
    const context = await deps.contexts.recall(turn.chatKey).catch((error: unknown) => {
      deps.log.warn({ err: error, userKey: turn.userKey }, 'whatsapp: could not read the chat context');
      return null;
    });
    const contextual = interpretReply(turn.text, context);
    if (contextual?.kind === 'feedback') {
      const recorded = deps.core.feedback({ queryId: contextual.queryId, channel: 'whatsapp', userKey: turn.userKey, rating: contextual.rating, entryId: contextual.entryId, tag: contextual.tag });
      return { kind: 'thanks', text: recorded ? FEEDBACK_THANKS_TEXT : FEEDBACK_NOT_ASKER_TEXT };
    }
    if (contextual?.kind === 'option') {
      incoming = { ...base, ...optionIncoming(contextual.option) };
    } else {
      const command = parseCommand(turn.text);
      incoming = command ? { ...base, text: command.arg, command: command.command } : { ...base, text: turn.text };
    }
  }
  const reply = deps.core.handle(incoming);
  await deps.contexts.remember(turn.chatKey, contextFor(reply)).catch((error: unknown) => {
    deps.log.warn({ err: error, userKey: turn.userKey }, 'whatsapp: could not store the chat context');
  });
  return { kind: 'reply', reply };
}

/** A 👍/👎 reaction by the asker rates the last answer in this chat, if there is one still remembered. True when recorded. */
export async function rateByReaction(deps: ConversationDeps, who: { userKey: string; chatKey: string }, emoji: string): Promise<boolean> {
  const rating = ratingOf(emoji);
  if (rating === null) return false;
  const context = await deps.contexts.recall(who.chatKey).catch(() => null);
  if (!context?.ratedQueryId) return false;
  return deps.core.feedback({ queryId: context.ratedQueryId, channel: 'whatsapp', userKey: who.userKey, rating, entryId: context.ratedEntryId, tag: context.ratedTag });
}
