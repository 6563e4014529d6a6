import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { adminRoutes } from './admin/index.js';
import { startRetentionJob } from './analytics/retention.js';
import { reportRoutes } from './analytics/routes.js';
import { createQueryLogWriter } from './analytics/writer.js';
import { createMessagingChannels } from './channels/index.js';
import { webChannel } from './channels/web.js';
import type { Config } from './config.js';
import { parseTrustProxy } from './http/client-ip.js';
import { securityHeaders } from './http/security-headers.js';
import { serverOptions, type ServerLimits } from './http/server-limits.js';
import { createMetrics } from './metrics/metrics.js';
import { metricsRoute } from './metrics/routes.js';
import { createCore } from './core/handle.js';
import { openDatabase, type Database, type DatabaseTarget } from './db/client.js';
import { runMigrations } from './db/migrate.js';
import { syncKnowledge } from './kb/service.js';
import { KnowledgeHolder } from './kb/snapshot.js';
import { redactUrl, type Logger } from './logger.js';
import { resolveUserKeySecret } from './secret.js';
import { createApp } from './server.js';

export interface RunningNetra {
  url: string;
  database: Database;
  knowledge: KnowledgeHolder;
  /** Graceful stop: no new requests, in-flight ones finish, logs flushed, database closed. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Tests pass `{ kind: 'memory' }`; otherwise derived from DATABASE_URL / DATA_DIR. */
  databaseTarget?: DatabaseTarget;
}

/** Wires every part together and starts serving. The one place that knows how Netra is assembled. */
export async function startNetra(config: Config, log: Logger, options: StartOptions = {}): Promise<RunningNetra> {
  const target: DatabaseTarget =
    options.databaseTarget ??
    (config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'pglite', dataDir: join(config.DATA_DIR) });
  log.info({ database: target.kind === 'postgres' ? redactUrl(target.url) : target.kind === 'pglite' ? target.dataDir : 'memory' }, 'opening database');
  const database = await openDatabase(target);
  const cleanups: (() => Promise<void>)[] = [() => database.close()];
  try {
    await runMigrations(database, target.kind === 'postgres' ? target.url : undefined);
    const userKeySecret = resolveUserKeySecret(config.USER_KEY_SECRET, config.DATA_DIR, log);

    const knowledge = new KnowledgeHolder();
    const { snapshot } = await syncKnowledge(database.db, config.KNOWLEDGE_DIR, log);
    knowledge.replace(snapshot);

    const writer = createQueryLogWriter({ db: database.db, spoolDir: config.SPOOL_DIR ?? join(config.DATA_DIR, 'spool'), log });
    writer.start();
    cleanups.unshift(() => writer.stop());
    const stopRetention = startRetentionJob({ db: database.db, retentionDays: config.RETENTION_DAYS, log });
    cleanups.unshift(async () => stopRetention());

    const metrics = createMetrics(() => ({ queryLog: writer.stats(), databaseUp: writer.stats().databaseReachable }));
    const core = createCore({ knowledge: () => knowledge.current(), log: metrics.countDecisions(writer), feedbackSecret: userKeySecret });
    const channels = createMessagingChannels({ config, core, database, knowledge: () => knowledge.current(), userKeySecret, log });

    const https = config.PUBLIC_BASE_URL?.startsWith('https://') ?? false;
    const app = createApp({
      log,
      middleware: [metrics.http, securityHeaders({ https })],
      readiness: [
        { name: 'database', check: async () => ({ ok: await database.ping() }) },
        { name: 'knowledge', check: async () => ({ ok: knowledge.isLoaded(), detail: knowledge.isLoaded() ? { entries: knowledge.current().entries.size, version: knowledge.current().version } : undefined }) },
        ...channels.flatMap((c) => (c.readiness ? [c.readiness] : [])),
      ],
      routes: [
        webChannel({
          core,
          userKeySecret,
          log,
          secureCookies: https,
          ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
          rateLimit: { perSession: config.WEB_RATE_LIMIT_PER_MINUTE, perIp: config.WEB_RATE_LIMIT_PER_IP_PER_MINUTE, windowMs: 60_000, trustProxy: parseTrustProxy(config.TRUST_PROXY) },
        }),
        metricsRoute({ metrics, log, ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}), ...(config.ADMIN_TOKEN ? { adminToken: config.ADMIN_TOKEN } : {}) }),
        adminRoutes({ db: database.db, log, ...(config.ADMIN_TOKEN ? { adminToken: config.ADMIN_TOKEN } : {}) }),
        reportRoutes({ db: database.db, log, ...(config.ADMIN_TOKEN ? { adminToken: config.ADMIN_TOKEN } : {}) }),
        ...channels.flatMap((c) => (c.routes ? [c.routes] : [])),
      ],
    });

    const server = await listen(app.fetch, config.PORT, config.HOST, {
      requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
      maxConnections: config.HTTP_MAX_CONNECTIONS,
    });
    cleanups.unshift(() => closeServer(server));
    for (const channel of channels) {
      await channel.start();
      // Stopped right after the HTTP server closed, so in-flight webhooks still find their channel.
      cleanups.splice(1, 0, () => channel.stop());
    }
    const address = server.address() as AddressInfo;
    const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${address.port}`;
    log.info({ url, channels: ['web', ...channels.map((c) => c.name)] }, 'Netra is ready');

    let stopping: Promise<void> | undefined;
    return {
      url,
      database,
      knowledge,
      stop: () => (stopping ??= runCleanups(cleanups, log)),
    };
  } catch (error) {
    await runCleanups(cleanups, log);
    throw error;
  }
}

function listen(fetch: (req: Request) => Response | Promise<Response>, port: number, hostname: string, limits: ServerLimits): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname, serverOptions: serverOptions(limits) }, () => resolve(server));
    server.maxConnections = limits.maxConnections;
    server.once('error', reject);
  });
}

/** Stops accepting connections and waits for in-flight requests; idle keep-alive sockets are closed at once. */
function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

async function runCleanups(cleanups: (() => Promise<void>)[], log: Logger): Promise<void> {
  for (const cleanup of cleanups) {
    try {
      await cleanup();
    } catch (error) {
      log.error({ err: error }, 'error during shutdown');
    }
  }
}
