import { Hono, type MiddlewareHandler } from 'hono';
import { requireRole } from '../admin/access.js';
import type { AdminEnv } from '../admin/types.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { RouteModule } from '../server.js';
import { describeDbError } from './db-errors.js';
import { reportTables, toCsvSections, toJson, toTable } from './report-format.js';
import { parseReportRequest } from './report-request.js';
import { runReports } from './reports.js';

export interface ReportRoutesDeps {
  db: Db;
  log: Logger;
  /** The console's authentication (src/admin/auth/authenticate.ts): reports are for admins and reviewers. */
  authenticate: MiddlewareHandler<AdminEnv>;
}

/**
 * `GET /api/reports?from=2026-11-01&to=2026-11-30[&channel=telegram][&format=json|csv|table][&report=topics,…]`.
 * The report CLI calls it when the embedded database is held by the running server.
 */
export function reportRoutes(deps: ReportRoutesDeps): RouteModule {
  return (app: Hono) => {
    const reports = new Hono<AdminEnv>();
    reports.get('/api/reports', deps.authenticate, requireRole('admin', 'reviewer'), async (c) => {
      const parsed = parseReportRequest({
        from: c.req.query('from'),
        to: c.req.query('to'),
        channel: c.req.query('channel'),
        format: c.req.query('format') ?? 'json',
        report: c.req.query('report'),
        tz: c.req.query('tz'),
      });
      if (!parsed.ok) {
        deps.log.warn({ path: c.req.path, detail: parsed.message }, 'invalid report request');
        return c.json({ error: 'invalid_request', message: parsed.message }, 400);
      }
      const { filter, format, reports: names } = parsed.value;
      let reports;
      try {
        reports = await runReports(deps.db, filter, {}, names);
      } catch (error) {
        deps.log.error({ err: describeDbError(error) }, 'report query failed');
        return c.json({ error: 'unavailable', message: 'Laporan tidak dapat dibuat: basis data tidak dapat dihubungi. Silakan coba lagi.' }, 503);
      }
      c.header('Cache-Control', 'no-store');
      if (format === 'json') return c.body(toJson(reports), 200, { 'Content-Type': 'application/json; charset=utf-8' });
      const tables = reportTables(reports);
      if (format === 'csv') {
        const name = names.length === 1 ? names[0] : 'laporan';
        const period = `${filter.from.toISOString().slice(0, 10)}_${filter.to.toISOString().slice(0, 10)}`;
        return c.body(toCsvSections(tables), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="netra-${name}-${period}.csv"`,
        });
      }
      return c.body(`${toTable(tables)}\n`, 200, { 'Content-Type': 'text/plain; charset=utf-8' });
    });
    app.route('/', reports);
  };
}
