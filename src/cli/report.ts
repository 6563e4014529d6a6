import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeDbError } from '../analytics/db-errors.js';
import { reportTables, toCsv, toCsvSections, toJson, toTable } from '../analytics/report-format.js';
import { parseReportRequest, type ReportRequest } from '../analytics/report-request.js';
import { runReports, type AllReports } from '../analytics/reports.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/client.js';
import { DataDirLockedError } from '../db/lock.js';

const USAGE = `Pemakaian: npm run report -- --from 2026-11-01 --to 2026-11-30 [--channel telegram|whatsapp|web] [--format table|csv|json] [--report summary,topics,unanswered,feedback,volume] [--tz Asia/Jakarta] [--out folder]

  --from, --to  tanggal (TTTT-BB-HH) menurut zona waktu laporan; --to ikut dihitung. Bawaan: 30 hari terakhir.
  --format      table (bawaan), csv (satu berkas per laporan dengan --out), atau json (satu objek).
  --out         folder tujuan berkas CSV (satu berkas per laporan, siap dibuka di spreadsheet).

Dengan DATABASE_URL, laporan dibaca langsung dari Postgres. Dengan basis data bawaan (PGlite di DATA_DIR),
laporan diminta dari server Netra yang sedang berjalan (http://127.0.0.1:PORT, memakai ADMIN_TOKEN bila diset);
bila server tidak berjalan, basis data dibuka langsung.`;

class UserError extends Error {
  override name = 'UserError';
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        channel: { type: 'string' },
        format: { type: 'string' },
        report: { type: 'string' },
        tz: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const parsed = parseReportRequest(values);
  if (!parsed.ok) {
    console.error(`${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  const config = loadConfig(process.env);
  const reports = await fetchReports(config, parsed.value);
  process.stdout.write(render(reports, parsed.value, values.out));
  return 0;
}

/** Postgres directly; the embedded database directly when free, otherwise through the server that holds it. */
async function fetchReports(config: Config, request: ReportRequest): Promise<Partial<AllReports>> {
  if (config.DATABASE_URL) {
    const database = await openDatabase({ kind: 'postgres', url: config.DATABASE_URL, maxConnections: 1 });
    return withDatabase(database, request);
  }
  const dataDir = join(config.DATA_DIR);
  const lockHeld = existsSync(join(dataDir, 'netra.lock'));
  if (!existsSync(join(dataDir, 'pglite')) && !lockHeld) {
    throw new UserError(
      `Belum ada basis data di ${dataDir}. Jalankan server Netra sekali (npm start), atau setel DATA_DIR / DATABASE_URL ke basis data yang benar.`,
    );
  }
  let database: Database;
  try {
    // PGlite allows one process per data directory; the lock tells us whether the server has it.
    database = await openDatabase({ kind: 'pglite', dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) return fetchFromServer(config, request);
    throw error;
  }
  return withDatabase(database, request);
}

async function withDatabase(database: Database, request: ReportRequest): Promise<Partial<AllReports>> {
  try {
    return await runReports(database.db, request.filter, {}, request.reports);
  } finally {
    await database.close();
  }
}

async function fetchFromServer(config: Config, request: ReportRequest): Promise<Partial<AllReports>> {
  const host = ['0.0.0.0', '::', ''].includes(config.HOST) ? '127.0.0.1' : config.HOST;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`;
  const query = new URLSearchParams({
    from: request.filter.from.toISOString(),
    to: request.filter.to.toISOString(),
    format: 'json',
    report: request.reports.join(','),
    ...(request.filter.channel ? { channel: request.filter.channel } : {}),
    ...(request.filter.timeZone ? { tz: request.filter.timeZone } : {}),
  });
  let response: Response;
  try {
    response = await fetch(`${base}/api/reports?${query.toString()}`, {
      headers: config.ADMIN_TOKEN ? { Authorization: `Bearer ${config.ADMIN_TOKEN}` } : {},
      signal: AbortSignal.timeout(60_000),
    });
  } catch {
    throw new UserError(
      `Basis data di ${config.DATA_DIR} sedang dipakai server Netra, tetapi server tidak menjawab di ${base}. ` +
        'Pastikan PORT dan HOST sama dengan server, atau hentikan server lalu jalankan perintah ini lagi.',
    );
  }
  const body = await response.text();
  if (!response.ok) {
    let message = body;
    try {
      message = (JSON.parse(body) as { message?: string }).message ?? body;
    } catch {
      // Not JSON (a different service on that port?): show it as it is.
    }
    throw new UserError(`Server Netra di ${base} menolak permintaan laporan (HTTP ${response.status}): ${message}`);
  }
  return JSON.parse(body) as Partial<AllReports>;
}

function render(reports: Partial<AllReports>, request: ReportRequest, outDir: string | undefined): string {
  if (request.format === 'json') return toJson(reports);
  const tables = reportTables(reports);
  if (request.format === 'table') return `${toTable(tables)}\n`;
  if (!outDir) return toCsvSections(tables);
  mkdirSync(outDir, { recursive: true });
  const period = `${request.filter.from.toISOString().slice(0, 10)}_${request.filter.to.toISOString().slice(0, 10)}`;
  const written = tables.map((table) => {
    const path = join(outDir, `netra-${table.name}-${period}.csv`);
    // The byte-order mark makes Excel read the file as UTF-8 (emoji, accented names).
    writeFileSync(path, `\uFEFF${toCsv(table)}`);
    return path;
  });
  return `${written.map((p) => `Ditulis: ${p}`).join('\n')}\n`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UserError || error instanceof ConfigError) console.error(error.message);
    else console.error(`Laporan gagal dibuat: ${describeDbError(error).message}`);
    process.exit(1);
  },
);
