import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
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
  /** When set, requests need `Authorization: Bearer <token>`; when unset, only loopback requests are served. */
  adminToken?: string;
}

/**
 * `GET /api/reports?from=2026-11-01&to=2026-11-30[&channel=telegram][&format=json|csv|table][&report=topics,…]`.
 * The report CLI calls it when the embedded database is held by the running server.
 */
export function reportRoutes(deps: ReportRoutesDeps): RouteModule {
  return (app: Hono) => {
    app.get('/api/reports', async (c) => {
      const denied = checkAccess(c, deps.adminToken);
      if (denied) {
        deps.log.warn({ path: c.req.path, reason: denied.reason }, 'report request refused');
        return denied.response;
      }
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
  };
}

type Denial = { reason: string; response: Response };

function checkAccess(c: Context, adminToken: string | undefined): Denial | undefined {
  if (adminToken) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match && sameSecret(match[1]!, adminToken)) return undefined;
    return {
      reason: header ? 'wrong token' : 'no token',
      response: c.json({ error: 'unauthorized', message: 'Akses laporan memerlukan token admin yang benar (Authorization: Bearer …).' }, 401, {
        'WWW-Authenticate': 'Bearer',
      }),
    };
  }
  // Without a token only this machine may ask. Behind a reverse proxy every request looks local, so a
  // forwarded request is treated as remote.
  const forwarded = c.req.header('x-forwarded-for') ?? c.req.header('forwarded') ?? c.req.header('x-real-ip');
  if (!forwarded && isLoopback(remoteAddress(c))) return undefined;
  return {
    reason: forwarded ? 'forwarded request without token' : 'not loopback',
    response: c.json(
      { error: 'forbidden', message: 'Laporan hanya dapat diakses dari server ini sendiri. Setel ADMIN_TOKEN untuk akses dari tempat lain.' },
      403,
    ),
  };
}

function remoteAddress(c: Context): string | undefined {
  // @hono/node-server puts the Node request in the env; other runtimes (and app.request in tests) do not.
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function sameSecret(given: string, expected: string): boolean {
  // Hash first: equal lengths for timingSafeEqual, and no early exit on length.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
