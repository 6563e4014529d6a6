import type { ChannelDeps } from '../index.js';
import type { ChannelRuntime } from '../types.js';
import { useDatabaseAuthState } from './auth-store.js';
import { createBaileysAdapter, type BaileysAdapter } from './baileys-adapter.js';
import type { Clock } from './clock.js';
import { dedicatedConnection } from './dedicated-connection.js';
import { createInboundDedup } from './inbound-dedup.js';
import { postgresAdvisoryLock, sessionLockKey, singleProcessLock, startLeaderElection, type LeaderElection, type LeaderLock } from './leader.js';
import { createNumberedContextStore } from './numbered-context.js';
import { createSentMessageStore } from './sent-messages.js';
import { baileysSocketFactory, type SocketFactory } from './socket.js';
import { createSessionSupervisor, type SessionState, type SessionSupervisor } from './supervisor.js';
import { printLoginToTerminal } from './terminal-login.js';

/** How often a standby replica tries to take over the session, and the leader re-checks its lock. */
const LEADER_RETRY_MS = 3_000;
const HOUSEKEEPING_MS = 60 * 60 * 1000;

/** Seams for tests; production uses the defaults. */
export interface BaileysChannelOptions {
  socketFactory?: SocketFactory;
  lock?: LeaderLock;
  leaderRetryMs?: number;
  clock?: Clock;
  random?: () => number;
  showLogin?: (login: { qr?: string; pairingCode?: string }) => void;
}

export interface BaileysChannel extends ChannelRuntime {
  status(): SessionState & { leader: boolean };
  adapter: BaileysAdapter;
  supervisor: SessionSupervisor;
}

/** WhatsApp over Baileys (a linked device): leader election → session supervisor → message adapter. */
export function createBaileysChannel(deps: ChannelDeps, options: BaileysChannelOptions = {}): BaileysChannel {
  const { config, database, log } = deps;
  const db = database.db;
  const session = config.WHATSAPP_SESSION;
  const sent = createSentMessageStore(db, session);
  const dedup = createInboundDedup(db, log);
  const contexts = createNumberedContextStore(db);
  const adapter = createBaileysAdapter({ core: deps.core, contexts, dedup, sent, userKeySecret: deps.userKeySecret, log });
  const supervisor = createSessionSupervisor({
    openAuth: () => useDatabaseAuthState(db, session),
    createSocket: options.socketFactory ?? baileysSocketFactory({ log, getMessage: (key) => sent.get(key) }),
    attach: (socket) => adapter.attach(socket),
    ...(config.WHATSAPP_PAIRING_NUMBER ? { pairingNumber: config.WHATSAPP_PAIRING_NUMBER } : {}),
    showLogin: options.showLogin ?? ((login) => printLoginToTerminal(login)),
    log,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.random ? { random: options.random } : {}),
  });

  let election: LeaderElection | undefined;
  let housekeeping: NodeJS.Timeout | undefined;
  const status = () => ({ ...supervisor.state(), leader: election?.isLeader() ?? false });

  function newLock(): LeaderLock {
    if (options.lock) return options.lock;
    if (database.postgres) return postgresAdvisoryLock(dedicatedConnection(database.postgres), sessionLockKey(session));
    return singleProcessLock();
  }

  async function prune(): Promise<void> {
    for (const store of [sent, dedup, contexts]) {
      await store.prune().catch((error: unknown) => log.warn({ err: error }, 'whatsapp: housekeeping failed'));
    }
  }

  return {
    name: 'whatsapp',
    adapter,
    supervisor,
    status,
    readiness: {
      name: 'whatsapp',
      async check() {
        const s = status();
        // A standby replica is healthy by design; the leader is ready only with an open socket.
        const ok = s.status === 'open' || (s.status === 'standby' && !s.leader);
        return { ok, detail: { mode: 'baileys', status: s.status, since: s.since, leader: s.leader, ...(s.lastError ? { lastError: s.lastError } : {}) } };
      },
    },
    async start() {
      election = startLeaderElection({
        lock: newLock(),
        retryMs: options.leaderRetryMs ?? LEADER_RETRY_MS,
        onElected: () => supervisor.start(),
        onDeposed: () => supervisor.stop(),
        log,
        ...(options.clock ? { clock: options.clock } : {}),
      });
      housekeeping = setInterval(() => void prune(), HOUSEKEEPING_MS);
      housekeeping.unref();
    },
    async stop() {
      if (housekeeping) clearInterval(housekeeping);
      // Finish the replies in progress while the socket is still open, then step down.
      await adapter.idle();
      await election?.stop();
      await adapter.idle();
    },
  };
}
