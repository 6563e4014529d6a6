import type { Message, UserFromGetMe } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../../src/channels/telegram/rate-limit.js';
import { routeMessage, stripMention } from '../../../src/channels/telegram/updates.js';
import { pseudonymousUserKey } from '../../../src/core/pseudonym.js';
import { FAKE_BOT } from './fake-bot-api.js';
import { GROUP_CHAT, groupTextUpdate, PERSON, photoUpdate, stickerUpdate, textUpdate } from './fixtures.js';

const ME = FAKE_BOT as UserFromGetMe;
const SECRET = 'routing-test-secret-0123456789';
const route = (update: { message: unknown }) => routeMessage(update.message as Message, ME, SECRET);

describe('routing Telegram messages', () => {
  it('turns a private text into an Incoming with a pseudonymous user key', () => {
    expect(route(textUpdate('ASN boleh jadi KPPS?'))).toEqual({
      kind: 'incoming',
      incoming: { channel: 'telegram', userKey: pseudonymousUserKey(SECRET, 'telegram', PERSON.id), chatType: 'private', text: 'ASN boleh jadi KPPS?' },
    });
  });

  it('splits commands from their argument, with or without the bot name', () => {
    expect(route(textUpdate('/topik media-sosial'))).toMatchObject({ incoming: { command: 'topik', text: 'media-sosial' } });
    expect(route(textUpdate(`/START@${FAKE_BOT.username}`))).toMatchObject({ incoming: { command: 'start', text: '' } });
  });

  it('in groups takes only its commands, mentions and replies to itself', () => {
    expect(route(groupTextUpdate('boleh like postingan calon?'))).toMatchObject({ kind: 'ignore' });
    expect(route(groupTextUpdate('/start@AnotherBot'))).toMatchObject({ kind: 'ignore', reason: 'command for another bot' });
    expect(route(groupTextUpdate('/ban'))).toMatchObject({ kind: 'ignore', reason: 'unknown command in a group' });
    expect(route(groupTextUpdate('/topik'))).toMatchObject({ kind: 'incoming', incoming: { command: 'topik', chatType: 'group' } });
    expect(route(groupTextUpdate(`tanya @${FAKE_BOT.username.toLowerCase()} boleh like?`))).toMatchObject({
      kind: 'incoming',
      incoming: { text: 'tanya boleh like?', chatType: 'group' },
    });
    expect(route(groupTextUpdate('kalau share?', { replyToBot: true }))).toMatchObject({ kind: 'incoming', incoming: { text: 'kalau share?' } });
  });

  it('does not take a mention of a different account that merely starts with the bot name', () => {
    expect(route(groupTextUpdate(`@${FAKE_BOT.username}Fan boleh like?`))).toMatchObject({ kind: 'ignore' });
    expect(stripMention(`@${FAKE_BOT.username}Fan halo @${FAKE_BOT.username}`, FAKE_BOT.username)).toBe(`@${FAKE_BOT.username}Fan halo`);
  });

  it('answers non-text messages with a note in private chats and ignores them in groups', () => {
    expect(route(stickerUpdate())).toMatchObject({ kind: 'note', text: expect.stringContaining('stikernya') });
    expect(route(photoUpdate())).toMatchObject({ kind: 'note', text: expect.stringContaining('foto') });
    expect(route(stickerUpdate({ chat: GROUP_CHAT }))).toMatchObject({ kind: 'ignore' });
  });

  it('ignores messages from other bots', () => {
    const update = textUpdate('halo');
    expect(routeMessage({ ...update.message, from: { id: 1, is_bot: true, first_name: 'Bot' } } as Message, ME, SECRET)).toMatchObject({
      kind: 'ignore',
    });
  });
});

describe('per-user rate limit', () => {
  it('allows the budget, notifies once, then drops until the window has passed', () => {
    let now = 0;
    const limiter = createRateLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    const decisions = Array.from({ length: 6 }, () => limiter.check('u1'));
    expect(decisions).toEqual(['allow', 'allow', 'allow', 'notify', 'drop', 'drop']);
    expect(limiter.check('u2')).toBe('allow');
    now = 60_000;
    expect(limiter.check('u1')).toBe('allow');
  });
});
