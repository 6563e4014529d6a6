import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportRoutes } from '../../src/analytics/routes.js';
import { authenticate } from '../../src/admin/auth/authenticate.js';
import { openDatabase, type Db } from '../../src/db/client.js';
import { queryLog } from '../../src/db/schema.js';
import { createApp } from '../../src/server.js';
import { openTestDatabase, type TestDatabase } from '../helpers/database.js';
import { bearerFor } from '../helpers/admin.js';
import { memoryLogger } from '../helpers/logger.js';
import { queryRecord } from './records.js';

const TOKEN = 'report-admin-token-0123456789';
const PERIOD = 'from=2026-11-01&to=2026-11-30';

describe('report HTTP route', () => {
  let database: TestDatabase;
  let db: Db;
  const logs = memoryLogger();

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    db = database.database.db;
    await db.insert(queryLog).values([
      queryRecord({ createdAt: new Date('2026-11-05T03:00:00Z') }),
      queryRecord({ createdAt: new Date('2026-11-06T03:00:00Z'), channel: 'telegram', status: 'fallback', entryId: null, text: 'boleh, "nggak"?' }),
    ]);
  });
  afterAll(async () => {
    await database.cleanup();
  });

  const appWith = (adminToken?: string) =>
    createApp({ log: logs.log, readiness: [], routes: [reportRoutes({ db, log: logs.log, authenticate: authenticate({ db, log: logs.log, ...(adminToken ? { adminToken } : {}) }) })] });

  describe('with ADMIN_TOKEN', () => {
    const app = () => appWith(TOKEN);

    it('serves all reports as one JSON object to a request with the token', async () => {
      const res = await app().request(`/api/reports?${PERIOD}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/json/);
      const body = (await res.json()) as Record<string, { questions?: number }>;
      expect(Object.keys(body)).toEqual(['summary', 'topics', 'unanswered', 'feedback', 'volume']);
      expect(body.summary!.questions).toBe(2);
    });

    it('refuses a request without the token or with a wrong one, and does not log the token', async () => {
      const missing = await app().request(`/api/reports?${PERIOD}`);
      expect(missing.status).toBe(401);
      expect(missing.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await missing.json()) as { message: string }).message).toMatch(/Silakan masuk/);
      const wrong = await app().request(`/api/reports?${PERIOD}`, { headers: { authorization: 'Bearer salah-token-yang-panjang' } });
      expect(wrong.status).toBe(401);
      expect(logs.text()).not.toContain('salah-token-yang-panjang');
    });

    it('filters by channel and serves one report as CSV', async () => {
      const res = await app().request(`/api/reports?${PERIOD}&channel=telegram&format=csv&report=unanswered`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/csv/);
      expect(res.headers.get('content-disposition')).toContain('netra-unanswered-');
      const csv = await res.text();
      expect(csv.split('\r\n')[0]).toMatch(/^Pertanyaan \(bentuk normal\),Jumlah/);
      expect(csv).toContain('"boleh, ""nggak""?"');
    });

    it('answers 400 with an Indonesian message for a bad period, channel or format', async () => {
      const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
      const cases: [string, RegExp][] = [
        ['from=2026-13-01&to=2026-11-30', /Tanggal awal/],
        ['from=2026-11-30&to=2026-11-01', /harus sebelum/],
        [`${PERIOD}&channel=fax`, /Kanal "fax"/],
        [`${PERIOD}&format=xml`, /Format "xml"/],
        [`${PERIOD}&report=rahasia`, /Laporan "rahasia"/],
        [`${PERIOD}&tz=Mars/Olympus`, /Zona waktu/],
      ];
      for (const [query, message] of cases) {
        const res = await app().request(`/api/reports?${query}`, auth);
        expect(res.status, query).toBe(400);
        expect(((await res.json()) as { message: string }).message).toMatch(message);
      }
    });
  });

  describe('roles and unauthenticated access', () => {
    let server: ServerType;
    let url: string;
    beforeAll(async () => {
      const app = appWith(undefined);
      server = await new Promise<ServerType>((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('refuses a request from this very machine without a token (no loopback exception)', async () => {
      const res = await fetch(`${url}/api/reports?${PERIOD}&report=summary`);
      expect(res.status).toBe(401);
      expect((await fetch(`${url}/api/reports?${PERIOD}`, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(401);
    });

    it('serves admins and reviewers, and refuses editors with 403', async () => {
      for (const [role, status] of [['admin', 200], ['reviewer', 200], ['editor', 403]] as const) {
        const res = await fetch(`${url}/api/reports?${PERIOD}&report=summary`, { headers: await bearerFor(db, role) });
        expect(res.status, role).toBe(status);
      }
    });
  });

  it('answers 503 when the database is unavailable', async () => {
    const gone = await openDatabase({ kind: 'memory' });
    await gone.close();
    const app = createApp({ log: logs.log, readiness: [], routes: [reportRoutes({ db: gone.db, log: logs.log, authenticate: authenticate({ db: gone.db, log: logs.log, adminToken: TOKEN }) })] });
    const res = await app.request(`/api/reports?${PERIOD}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { message: string }).message).toMatch(/basis data/);
  });
});
