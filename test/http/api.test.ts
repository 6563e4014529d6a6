import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNetra } from '../helpers/netra.js';

describe('web chat API', () => {
  let server: Awaited<ReturnType<typeof startTestNetra>>;
  beforeAll(async () => {
    server = await startTestNetra();
  });
  afterAll(async () => {
    await server.netra.stop();
  });

  it('answers a question about liking a candidate post, with verdict and legal basis', async () => {
    const res = await server.post('/api/ask', { text: 'bolehkah asn like postingan calon bupati di instagram?' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'answered',
      entry: { id: 'medsos-like-komentar-share', verdict: 'dilarang', verdictLabel: '❌ Dilarang' },
    });
    expect(body.answer.length).toBeGreaterThan(100);
    expect(body.sources.length).toBeGreaterThan(0);
    expect(body.sources[0]).toEqual(expect.objectContaining({ title: expect.any(String), ref: expect.any(String), kind: 'regulation' }));
    expect(body.sources.every((s: { kind: string }) => s.kind === 'regulation' || s.kind === 'reference')).toBe(true);
    expect(body.related.length).toBeGreaterThan(0);
    expect(body.queryId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('falls back honestly on a question outside neutrality', async () => {
    const res = await server.post('/api/ask', { text: 'kapan gaji ke-13 PNS tahun ini cair?' });
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ status: 'fallback', entry: null });
    expect(body.answer).toMatch(/belum bisa menjawab/i);
  });

  it('asks which case is meant on a question too broad for one entry, saying why it asks', async () => {
    const body = await (await server.post('/api/ask', { text: 'pns boleh ikut kampanye gak sih?' })).json();
    expect(body.status).toBe('clarify');
    expect(body.suggestions.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['hadir-kampanye-pasif', 'ikut-kampanye-atribut-mobilisasi']));
    expect(body.answer).toMatch(/^Ada dua kemungkinan, dan jawabannya berbeda: .*hanya hadir sebagai penonton kampanye \(boleh dengan syarat\).*\(dilarang\)\. Pilih yang sesuai:$/);
  });

  it('answers an entry picked from a suggestion', async () => {
    const body = await (await server.post('/api/ask', { entryId: 'hak-pilih-asn' })).json();
    expect(body).toMatchObject({ status: 'answered', entry: { id: 'hak-pilih-asn', verdict: 'boleh' } });
  });

  it('runs commands typed in the web chat', async () => {
    const body = await (await server.post('/api/ask', { text: '/start' })).json();
    expect(body.kind).toBe('topics');
    expect(body.categories.length).toBeGreaterThan(5);
  });

  it('rejects malformed JSON with 400 and a JSON error', async () => {
    const res = await server.post('/api/ask', '{"text": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_json' });
  });

  it('rejects a body without text with 400', async () => {
    const res = await server.post('/api/ask', { question: 'x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('rejects a body over 64 KiB with 413', async () => {
    const res = await server.post('/api/ask', { text: 'a'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
  });

  it('answers empty text and emoji-only text with a clear message', async () => {
    for (const text of ['   ', '🙏🙏']) {
      const res = await server.post('/api/ask', { text });
      expect(res.status).toBe(200);
      expect((await res.json()).answer.length).toBeGreaterThan(10);
    }
  });

  it('records feedback on an answer', async () => {
    const askedRes = await server.post('/api/ask', { text: 'boleh foto bareng calon bupati?' });
    const cookie = askedRes.headers.get('set-cookie')!.split(';')[0]!;
    const asked = await askedRes.json();
    const res = await server.post('/api/feedback', { queryId: asked.queryId, feedbackToken: asked.feedbackToken, rating: 'down' }, { cookie });
    expect(res.status).toBe(200);
    expect((await server.post('/api/feedback', { queryId: 'nope', rating: 'down' })).status).toBe(400);
  });

  it('serves the chat page and reports health', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Netra');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true });
  });
});

describe('readiness', () => {
  it('turns 503 when the database is gone, while health stays 200', async () => {
    const server = await startTestNetra();
    try {
      await server.netra.database.close();
      const ready = await fetch(`${server.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ ok: false, checks: expect.arrayContaining([expect.objectContaining({ name: 'database', ok: false })]) });
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.netra.stop();
    }
  });
});
