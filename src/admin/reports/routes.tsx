import type { Hono } from 'hono';
import { describeDbError } from '../../analytics/db-errors.js';
import { dashboardReport, type DashboardOptions } from '../../analytics/dashboard.js';
import { buildDigest } from '../../analytics/digest-scheduler.js';
import { weekOf } from '../../analytics/digest.js';
import { toCsv } from '../../analytics/report-format.js';
import { parseReportRequest } from '../../analytics/report-request.js';
import type { KnowledgeSnapshot } from '../../kb/snapshot.js';
import type { Db } from '../../db/client.js';
import type { Logger } from '../../logger.js';
import { requireRole } from '../access.js';
import type { AdminEnv } from '../types.js';
import { ReportsPage } from './page.js';
import { parsePageQuery, presets } from './period.js';
import { pageTable, TABLE_NAMES, TABLE_SECTIONS, type TableName } from './tables.js';

export interface ReportPagesDeps {
  db: Db;
  log: Logger;
  /** The live knowledge, for category titles; without it categories show under their ids. */
  knowledge?: () => KnowledgeSnapshot;
  /** Small-group threshold and other limits of the page. */
  reportOptions?: DashboardOptions;
  now?: () => Date;
  /** PUBLIC_BASE_URL, for the link in the digest. */
  publicBaseUrl?: string;
}

const UNAVAILABLE = 'Laporan tidak dapat dibuat sekarang: basis data tidak dapat dihubungi. Silakan coba lagi sebentar lagi.';

/**
 * `/admin/reports` (the page) and `/admin/reports/<table>.csv` (each of its tables), for admins and
 * reviewers. Both read the same period from the query string, so a shared link shows the same figures.
 */
export function mountReportPages(admin: Hono<AdminEnv>, deps: ReportPagesDeps): void {
  const now = deps.now ?? (() => new Date());
  const categoryTitle = (id: string) => deps.knowledge?.().categories.find((c) => c.id === id)?.title ?? id;
  const allowed = requireRole('admin', 'reviewer');

  admin.get('/admin/reports', allowed, async (c) => {
    const at = now();
    const parsed = parsePageQuery({ from: c.req.query('from'), to: c.req.query('to'), channel: c.req.query('channel') }, at);
    const common = { actor: c.get('actor'), presets: presets(at), categoryTitle };
    if (!parsed.ok) {
      deps.log.warn({ path: c.req.path, detail: parsed.message }, 'invalid reports page request');
      return c.html(<ReportsPage {...common} query={parsed.query} dashboard={null} error={parsed.message} />, 400);
    }
    try {
      const dashboard = await dashboardReport(deps.db, parsed.filter, deps.reportOptions);
      return c.html(<ReportsPage {...common} query={parsed.query} dashboard={dashboard} />);
    } catch (error) {
      deps.log.error({ err: describeDbError(error) }, 'reports page query failed');
      return c.html(<ReportsPage {...common} query={parsed.query} dashboard={null} error={UNAVAILABLE} />, 503);
    }
  });

  // The digest as text, for `npm run report -- digest --dry-run` while the server holds the embedded database.
  admin.get('/api/admin/reports/digest', requireRole('admin'), async (c) => {
    const day = c.req.query('week') ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !parseReportRequest({ from: day, to: day }).ok) {
      deps.log.warn({ path: c.req.path }, 'invalid digest request');
      return c.json({ error: 'invalid_request', message: 'Parameter week harus tanggal TTTT-BB-HH.' }, 400);
    }
    try {
      return c.json({ text: await buildDigest(deps.db, weekOf(day), deps.publicBaseUrl) });
    } catch (error) {
      deps.log.error({ err: describeDbError(error) }, 'digest query failed');
      return c.json({ error: 'unavailable', message: UNAVAILABLE }, 503);
    }
  });

  admin.get('/admin/reports/:file{[a-z-]+\\.csv}', allowed, async (c) => {
    const name = c.req.param('file').replace(/\.csv$/, '') as TableName;
    if (!TABLE_NAMES.includes(name)) return c.text(`Tabel "${name}" tidak ada; pilih ${TABLE_NAMES.join(', ')}.`, 404);
    const parsed = parsePageQuery({ from: c.req.query('from'), to: c.req.query('to'), channel: c.req.query('channel') }, now());
    if (!parsed.ok) {
      deps.log.warn({ path: c.req.path, detail: parsed.message }, 'invalid report CSV request');
      return c.text(parsed.message, 400);
    }
    let dashboard;
    try {
      dashboard = await dashboardReport(deps.db, parsed.filter, { ...deps.reportOptions, sections: [TABLE_SECTIONS[name]] });
    } catch (error) {
      deps.log.error({ err: describeDbError(error) }, 'report CSV query failed');
      return c.text(UNAVAILABLE, 503);
    }
    const { from, to, channel } = parsed.query;
    const file = `netra-${name}-${from}_${to}${channel ? `-${channel}` : ''}.csv`;
    // The byte-order mark makes spreadsheet programs read the file as UTF-8 (Indonesian text, emoji).
    return c.body(`\uFEFF${toCsv(pageTable(name, dashboard, categoryTitle))}`, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${file}"`,
    });
  });
}
