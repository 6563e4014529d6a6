import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CONTEXT_TTL_MS,
  contextFor,
  createNumberedContextStore,
  interpretReply,
  ratingOf,
  type ChatContextData,
} from '../../../src/channels/whatsapp/numbered-context.js';
import type { Reply } from '../../../src/core/types.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../../helpers/database.js';

const context: ChatContextData = {
  options: [
    { kind: 'entry', id: 'hadir-kampanye-pasif', title: 'Hadir di kampanye' },
    { kind: 'entry', id: 'rentang-waktu-larangan', title: 'Rentang waktu larangan' },
  ],
  ratedQueryId: '00000000-0000-4000-8000-000000000009',
  ratedEntryId: 'medsos-like-komentar-share',
  ratedTag: 'Tag-1234',
};

describe('reading short replies', () => {
  it('maps "2" (or "2.") to the second option and ignores numbers out of range', () => {
    expect(interpretReply('2', context)).toEqual({ kind: 'option', option: context.options[1] });
    expect(interpretReply(' 1. ', context)).toEqual({ kind: 'option', option: context.options[0] });
    expect(interpretReply('3', context)).toBeNull();
    expect(interpretReply('0', context)).toBeNull();
    expect(interpretReply('2 orang', context)).toBeNull();
  });

  it('reads 👍/👎 in any skin tone as feedback on the remembered answer', () => {
    expect(['👍', '👍🏻', '👍🏿', '👍️'].map(ratingOf)).toEqual([1, 1, 1, 1]);
    expect(['👎', '👎🏽'].map(ratingOf)).toEqual([-1, -1]);
    expect(['👍👍', 'ok 👍', '🙏'].map(ratingOf)).toEqual([null, null, null]);
    expect(interpretReply('👎', context)).toEqual({ kind: 'feedback', rating: -1, queryId: context.ratedQueryId, entryId: context.ratedEntryId, tag: 'Tag-1234' });
    expect(interpretReply('👍', { ...context, ratedQueryId: null })).toBeNull();
  });

  it('means nothing without a context', () => {
    expect(interpretReply('2', null)).toBeNull();
  });

  it('remembers the clarify suggestions, and only an answer can be rated', () => {
    const clarify: Reply = { kind: 'clarify', queryId: 'q1', text: '?', suggestions: [{ id: 'a', title: 'A', verdict: 'boleh' }], score: 0.3 };
    expect(contextFor(clarify)).toEqual({ options: [{ kind: 'entry', id: 'a', title: 'A' }], ratedQueryId: null, ratedEntryId: null, ratedTag: null });
    const topics: Reply = { kind: 'topics', queryId: 'q2', text: 'Pilih', categories: [{ id: 'sanksi', title: 'Sanksi', entries: [] }, { id: 'dasar', title: 'Dasar', entries: [] }] };
    expect(contextFor(topics).options).toEqual([
      { kind: 'category', id: 'sanksi', title: 'Sanksi' },
      { kind: 'category', id: 'dasar', title: 'Dasar' },
    ]);
  });
});

describe.each(TEST_DRIVERS)('chat context store (%s)', (driver) => {
  let testDb: TestDatabase;
  let now = new Date('2026-11-23T08:00:00Z');
  beforeAll(async () => {
    testDb = await openTestDatabase(driver);
  });
  afterAll(async () => {
    await testDb.cleanup();
  });

  it('keeps the context per chat for a few minutes, then forgets it', async () => {
    const store = createNumberedContextStore(testDb.database.db, { now: () => now });
    await store.remember('chat-a', context);
    await store.remember('chat-b', { options: [], ratedQueryId: null, ratedEntryId: null });
    expect(await store.recall('chat-a')).toEqual(context);
    expect(await store.recall('chat-b')).toEqual({ options: [], ratedQueryId: null, ratedEntryId: null });
    expect(await store.recall('chat-c')).toBeNull();

    now = new Date(now.getTime() + CONTEXT_TTL_MS - 1_000);
    expect(await store.recall('chat-a')).toEqual(context);
    now = new Date(now.getTime() + 2_000);
    expect(await store.recall('chat-a')).toBeNull();

    await store.remember('chat-a', { ...context, options: [] });
    expect((await store.recall('chat-a'))?.options).toEqual([]);
    await store.prune();
    expect(await store.recall('chat-b')).toBeNull();
    expect(await store.recall('chat-a')).not.toBeNull();
  });
});
