import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { authenticate } from './admin/auth/authenticate.js';
import { consoleBaseUrl } from './admin/auth/links.js';
import { newLocalAdminToken, publishLocalAdmin } from './admin/auth/local-admin.js';
import { adminRoutes, type AdminDeps } from './admin/index.js';
import type { BaileysStatus } from './admin/whatsapp/routes.js';
import { startConfiguredDigest } from './analytics/digest-scheduler.js';
import { startRetentionJob } from './analytics/retention.js';
import { reportRoutes } from './analytics/routes.js';
import { createQueryLogWriter } from './analytics/writer.js';
import { startHousekeeping } from './channels/housekeeping.js';
import { claimTimeoutFor, createInboundClaims } from './channels/inbound-claims.js';
import { createMessagingChannels } from './channels/index.js';
import { channelReadinessChecks, channelStates, type ChannelState } from './channels/states.js';
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
import { loadLiveKnowledge } from './kb/live.js';
import { MatcherWorker } from './kb/matcher-worker.js';
import { syncKnowledge } from './kb/service.js';
import { KnowledgeHolder } from './kb/snapshot.js';
import { startPublisher, type KnowledgePublisher } from './kb/publisher.js';
import { knowledgeStamp } from './kb/replication.js';
import { loadMatcherData } from './matcher/index.js';
import { redactUrl, type Logger } from './logger.js';
import { instanceReadinessChecks } from './readiness.js';
import { resilienceStats, type ResilienceStats } from './resilience/stats.js';
import { resolveUserKeySecret } from './secret.js';
import { createApp } from './server.js';

export interface RunningNetra {
  url: string;
  database: Database;
  knowledge: KnowledgeHolder;
  /** Every messaging channel's current state (reported by /readyz, never a reason for 503). */
  channelStates(): Promise<ChannelState[]>;
  publisher: KnowledgePublisher;
  /** Graceful stop: no new requests, in-flight ones finish, logs flushed, database closed. */
  stop(): Promise<void>;
  /** Query-log queue and spool, dedup fallbacks, database up: for `/metrics`. */
  stats(): ResilienceStats;
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
    const matcherData = await loadMatcherData(config.KNOWLEDGE_DIR);
    const evaluator = new MatcherWorker(matcherData);
    cleanups.unshift(() => evaluator.close());
    const publishing = await startPublisher(
      { database, holder: knowledge, matcherData, load: () => loadLiveKnowledge(database.db), log },
      // Read right after the start-up snapshot: a publish elsewhere in between is caught by the next notification or check.
      await knowledgeStamp(database.db),
    );
    cleanups.unshift(publishing.stop);
    const onPublished = async () => void (await publishing.publisher.published());

    const writer = createQueryLogWriter({ db: database.db, spoolDir: config.SPOOL_DIR ?? join(config.DATA_DIR, 'spool'), log });
    writer.start();
    cleanups.unshift(() => writer.stop());
    const stopRetention = startRetentionJob({ db: database.db, retentionDays: config.RETENTION_DAYS, log });
    cleanups.unshift(async () => stopRetention());
    const stopDigest = startConfiguredDigest(config, database.db, log);
    if (stopDigest) cleanups.unshift(stopDigest);

    const inbound = createInboundClaims({ db: database.db, secret: userKeySecret, log, timeoutMs: claimTimeoutFor(database.driver), leaseMs: config.INBOUND_CLAIM_LEASE_MS });
    inbound.start();
    cleanups.unshift(async () => {
      inbound.stop();
      await inbound.reconcile();
    });
    const stopHousekeeping = startHousekeeping({ db: database.db, claims: inbound, log });
    cleanups.unshift(async () => stopHousekeeping());

    const stats = resilienceStats({ queryLog: () => writer.stats(), inbound: () => inbound.stats() });
    const metrics = createMetrics(stats);
    const core = createCore({ knowledge: () => knowledge.current(), log: metrics.countDecisions(writer), feedbackSecret: userKeySecret });
    const channels = await createMessagingChannels({ config, core, database, knowledge: () => knowledge.current(), userKeySecret, log, inbound });
    let draining = false;

    // Embedded database: the CLI on this machine cannot open it while we run, so it calls us with this token.
    const localAdminToken = target.kind === 'pglite' ? newLocalAdminToken() : undefined;
    let serverUrl = '';
    const baileys = channels.find((c): c is typeof c & { status(): BaileysStatus } => c.name === 'whatsapp' && 'status' in c);
    const adminDeps: AdminDeps = {
      db: database.db,
      log,
      ...(config.ADMIN_TOKEN ? { adminToken: config.ADMIN_TOKEN } : {}),
      ...(localAdminToken ? { localAdminToken } : {}),
      ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
      serverUrl: () => serverUrl,
      trustProxy: parseTrustProxy(config.TRUST_PROXY),
      whatsapp: { mode: config.WHATSAPP_MODE, ...(baileys ? { status: () => baileys.status() } : {}) },
      onPublished,
      knowledge: () => knowledge.current(),
      evaluator,
    };

    const https = config.PUBLIC_BASE_URL?.startsWith('https://') ?? false;
    const app = createApp({
      log,
      isDraining: () => draining,
      middleware: [metrics.http, securityHeaders({ https })],
      readiness: [...instanceReadinessChecks(database, knowledge), ...channelReadinessChecks(channels)],
      routes: [
        webChannel({
          core,
          userKeySecret,
          log,
          secureCookies: https,
          ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
          rateLimit: { perSession: config.WEB_RATE_LIMIT_PER_MINUTE, perIp: config.WEB_RATE_LIMIT_PER_IP_PER_MINUTE, windowMs: 60_000, trustProxy: parseTrustProxy(config.TRUST_PROXY) },
        }),
        metricsRoute({ metrics, log, authenticate: authenticate(adminDeps), ...(config.METRICS_TOKEN ? { metricsToken: config.METRICS_TOKEN } : {}) }),
        adminRoutes(adminDeps),
        reportRoutes({ db: database.db, log, authenticate: authenticate(adminDeps) }),
        ...channels.flatMap((c) => (c.routes ? [c.routes] : [])),
      ],
    });

    const server = await listen(app.fetch, config.PORT, config.HOST, {
      requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_MS,
      headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_MS,
      maxConnections: config.HTTP_MAX_CONNECTIONS,
    });
    cleanups.unshift(() => {
      draining = true;
      return closeServer(server);
    });
    for (const channel of channels) {
      await channel.start();
      // Stopped right after the HTTP server closed, so in-flight webhooks still find their channel.
      cleanups.splice(1, 0, () => channel.stop());
    }
    const address = server.address() as AddressInfo;
    const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${address.port}`;
    serverUrl = consoleBaseUrl({ HOST: config.HOST, PORT: address.port });
    if (localAdminToken) {
      const unpublish = publishLocalAdmin(config.DATA_DIR, { url: serverUrl, token: localAdminToken, pid: process.pid });
      cleanups.unshift(async () => unpublish());
    }
    log.info({ url, channels: ['web', ...channels.map((c) => c.name)] }, 'Netra is ready');

    let stopping: Promise<void> | undefined;
    return {
      url,
      database,
      knowledge,
      channelStates: channelStates(channels),
      publisher: publishing.publisher,
      stop: () => (stopping ??= runCleanups(cleanups, log)),
      stats,
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

/** Longest wait for in-flight requests at shutdown; then their connections are cut. */
const CLOSE_SERVER_TIMEOUT_MS = 5_000;

/**
 * Stops accepting connections and waits for in-flight requests (bounded); idle keep-alive sockets are
 * closed at once, and requests still arriving on open ones get a 503 from the draining middleware.
 */
function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, CLOSE_SERVER_TIMEOUT_MS);
    cut.unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
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
