import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeDbError } from '../analytics/db-errors.js';
import { reportTables, toCsv, toCsvSections, toJson, toTable } from '../analytics/report-format.js';
import { parseReportRequest, type ReportRequest } from '../analytics/report-request.js';
import { buildDigest } from '../analytics/digest-scheduler.js';
import { weekOf } from '../analytics/digest.js';
import { rebuildRollups } from '../analytics/query-insert.js';
import { localDay, shiftDay } from '../analytics/report-request.js';
import { DEFAULT_TIME_ZONE, runReports, type AllReports } from '../analytics/reports.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { CliError, withDataAccess, type LocalServerClient } from './local-server.js';

const USAGE = `Pemakaian: npm run report -- --from 2026-11-01 --to 2026-11-30 [--channel telegram|whatsapp|web] [--format table|csv|json] [--report summary,topics,unanswered,feedback,volume] [--tz Asia/Jakarta] [--out folder]

  --from, --to  tanggal (TTTT-BB-HH) menurut zona waktu laporan; --to ikut dihitung. Bawaan: 30 hari terakhir.
  --format      table (bawaan), csv (satu berkas per laporan dengan --out), atau json (satu objek).
  --out         folder tujuan berkas CSV (satu berkas per laporan, siap dibuka di spreadsheet).

Dengan DATABASE_URL, laporan dibaca langsung dari Postgres. Dengan basis data bawaan (PGlite di DATA_DIR),
basis data dibuka langsung (dibuat bila belum ada); bila server Netra sedang berjalan dan memegangnya,
laporan diminta dari server itu (lewat token lokal yang ditulis server di DATA_DIR).`;

const DIGEST_USAGE = `Pemakaian: npm run report -- digest --dry-run [--week TTTT-BB-HH]

  Mencetak ringkasan mingguan seperti yang dikirim server ke chat Telegram di REPORT_DIGEST_TELEGRAM_CHATS
  setiap Senin pukul 07.00 WIB, tanpa mengirimnya.
  --week   satu tanggal di minggu yang dilaporkan (Senin–Minggu). Bawaan: minggu lalu.`;

const REBUILD_USAGE = `Pemakaian: npm run report -- rebuild-rollups

  Menghitung ulang rekap laporan (query_log_hourly, query_log_entry_daily) dari log pertanyaan. Perlu
  setelah replika versi lama masih mencatat pertanyaan selama pembaruan bergilir, atau setelah data
  dimuat langsung ke query_log. Penulisan log menunggu selama penghitungan.`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'digest') return digest(argv.slice(1));
  if (argv[0] === 'rebuild-rollups') return rebuild(argv.slice(1));
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

/** `digest --dry-run`: prints the weekly digest (the server sends it; this never does). */
async function digest(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { 'dry-run': { type: 'boolean' }, week: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${DIGEST_USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(DIGEST_USAGE);
    return 0;
  }
  if (!values['dry-run']) {
    console.error(`Ringkasan mingguan dikirim otomatis oleh server; perintah ini hanya mencetaknya dengan --dry-run.\n\n${DIGEST_USAGE}`);
    return 2;
  }
  const day = values.week ?? shiftDay(localDay(new Date(), DEFAULT_TIME_ZONE), -7);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !parseReportRequest({ from: day, to: day }).ok) {
    console.error(`Tanggal "${day}" tidak valid; gunakan format TTTT-BB-HH.\n\n${DIGEST_USAGE}`);
    return 2;
  }
  const week = weekOf(day);
  const config = loadConfig(process.env);
  const text = await withDataAccess(config, {
    onDatabase: (database) => buildDigest(database.db, week, config.PUBLIC_BASE_URL),
    onServer: async (server) => (await server.request<{ text: string }>('GET', `/api/admin/reports/digest?week=${day}`)).text,
  });
  process.stdout.write(`${text}\n`);
  return 0;
}

/** `rebuild-rollups`: recounts the reports' rollups from the log (the page reads them; see query-insert.ts). */
async function rebuild(argv: string[]): Promise<number> {
  if (argv.length > 0) {
    const help = argv.every((a) => a === '--help' || a === '-h');
    (help ? console.log : console.error)(REBUILD_USAGE);
    return help ? 0 : 2;
  }
  const config = loadConfig(process.env);
  await withDataAccess(config, {
    onDatabase: (database) => rebuildRollups(database.db),
    onServer: () => {
      throw new CliError('Server Netra sedang memegang basis data bawaan; hentikan dulu, lalu jalankan perintah ini lagi.');
    },
  });
  console.log('Rekap laporan dihitung ulang dari log pertanyaan.');
  return 0;
}

/** Postgres directly; the embedded database directly when free (created on a fresh DATA_DIR), else through the server that holds it. */
function fetchReports(config: Config, request: ReportRequest): Promise<Partial<AllReports>> {
  return withDataAccess(config, {
    onDatabase: (database) => runReports(database.db, request.filter, {}, request.reports),
    onServer: (server) => fetchFromServer(server, request),
  });
}

async function fetchFromServer(server: LocalServerClient, request: ReportRequest): Promise<Partial<AllReports>> {
  const query = new URLSearchParams({
    from: request.filter.from.toISOString(),
    to: request.filter.to.toISOString(),
    format: 'json',
    report: request.reports.join(','),
    ...(request.filter.channel ? { channel: request.filter.channel } : {}),
    ...(request.filter.timeZone ? { tz: request.filter.timeZone } : {}),
  });
  return server.request<Partial<AllReports>>('GET', `/api/reports?${query.toString()}`);
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
    if (error instanceof CliError || error instanceof ConfigError) console.error(error.message);
    else console.error(`Laporan gagal dibuat: ${describeDbError(error).message}`);
    process.exit(1);
  },
);
