import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../src/analytics/personal-data.js';
import { reportTables, toCsvSections, toJson, toTable } from '../../src/analytics/report-format.js';
import { runReports } from '../../src/analytics/reports.js';
import { createQueryLogWriter, type QueryLogWriter } from '../../src/analytics/writer.js';
import { webChannel } from '../../src/channels/web.js';
import { createCore } from '../../src/core/handle.js';
import type { Db } from '../../src/db/client.js';
import { queryLog } from '../../src/db/schema.js';
import { createApp } from '../../src/server.js';
import { databaseDump } from '../analytics/records.js';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '../helpers/database.js';
import { realKnowledgeSnapshot } from '../helpers/knowledge.js';
import { memoryLogger } from '../helpers/logger.js';
import { identifier, questionWithIdentifier, tracesOf } from './identifiers.js';

const onlyDigits = (text: string) => text.normalize('NFKC').replace(/\D/g, '');

describe('maskPersonalData', () => {
  it('masks every generated phone number, NIK, NIP and e-mail address in every spelling', () => {
    fc.assert(
      fc.property(questionWithIdentifier, ({ id, question }) => {
        const masked = maskPersonalData(question);
        for (const trace of tracesOf(id)) expect(masked).not.toMatch(trace);
        expect(masked).toContain(id.kind === 'email' ? '[email]' : '[nomor]');
      }),
      { numRuns: 2_000 },
    );
  });

  it('masks the spellings reported in the issue', () => {
    for (const spelling of ['(0812) 3456-7890', '+62 (812) 3456 7890', '0812 - 3456 - 7890', '0812–3456–7890', '0812_3456_7890', '0812/3456/7890', '０８１２３４５６７８９０', '3201 2345 6789 0123', '19870315 201001 1 002']) {
      expect(maskPersonalData(`hubungi ${spelling} ya`)).toBe('hubungi [nomor] ya');
    }
    expect(maskPersonalData('email budi@kemenpan.go.id atau budi＠kemenpan．go．id')).toBe('email [email] atau [email]');
  });

  it('keeps legal references and short numbers', () => {
    for (const text of ['UU 27/2022 pasal 280', 'PP 94/2021', 'SE nomor 2 tahun 2024', 'tanggal 14/02/2024']) {
      expect(maskPersonalData(text)).toBe(text);
    }
  });

  it('stays fast on long hostile input (no catastrophic backtracking)', () => {
    const hostile = `${'1 '.repeat(5_000)}x ${'a.'.repeat(5_000)}@`;
    expect(maskPersonalData(hostile)).toContain('[nomor]');
  });

  it('is idempotent, so masking again at the writer changes nothing', () => {
    fc.assert(fc.property(identifier, (id) => maskPersonalData(maskPersonalData(id.value)) === maskPersonalData(id.value)));
  });
});

describe.each(TEST_DRIVERS)('no generated identifier reaches the database, the logs or a report (%s)', (driver) => {
  let database: TestDatabase;
  let db: Db;
  let writer: QueryLogWriter;
  const logs = memoryLogger();
  let ask: (text: string) => Promise<Response>;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    db = database.database.db;
    writer = createQueryLogWriter({ db, spoolDir: mkdtempSync(join(tmpdir(), 'netra-spool-')), log: logs.log });
    writer.start();
    const knowledge = await realKnowledgeSnapshot();
    const core = createCore({ knowledge: () => knowledge, log: writer });
    const app = createApp({ log: logs.log, readiness: [], routes: [webChannel({ core, userKeySecret: 'masking-test-secret-0123456789', log: logs.log, secureCookies: false })] });
    ask = async (text) => app.request('/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
  });
  afterAll(async () => {
    await writer.stop();
    await database.cleanup();
  });

  it('masks on the raw text, so the text and normalized columns, logs and reports never see it', async () => {
    const samples = fc.sample(questionWithIdentifier, { numRuns: 80, seed: 15 });
    for (const { question } of samples) expect((await ask(question)).status).toBe(200);
    await writer.flush();

    const rows = await db.select({ text: queryLog.text, normalized: queryLog.normalized }).from(queryLog);
    expect(rows).toHaveLength(samples.length);
    const reports = await runReports(db, { from: new Date(Date.now() - 86_400_000), to: new Date(Date.now() + 86_400_000) });
    const tables = reportTables(reports);
    const reportOutput = [toJson(reports), toCsvSections(tables), toTable(tables)].join('\n');
    expect(reportOutput).toContain('[nomor]');
    const dump = await databaseDump(db);
    const logText = logs.text();

    for (const { id } of samples) {
      for (const trace of tracesOf(id)) {
        for (const row of rows) {
          expect(row.text).not.toMatch(trace);
          expect(row.normalized).not.toMatch(trace);
        }
        if (id.kind === 'email') {
          expect(dump).not.toMatch(trace);
          expect(logText).not.toMatch(trace);
          expect(reportOutput).not.toMatch(trace);
        }
      }
      if (id.kind === 'number') {
        const secretDigits = onlyDigits(id.value);
        for (const output of [dump, logText, reportOutput]) expect(onlyDigits(output)).not.toContain(secretDigits);
      }
    }
  });
});
