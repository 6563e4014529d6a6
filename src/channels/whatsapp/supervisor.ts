import type { ConnectionState } from '@whiskeysockets/baileys';
import type { Logger } from '../../logger.js';
import type { DatabaseAuthState } from './auth-store.js';
import { systemClock, type Clock } from './clock.js';
import { backoffDelay, decideOnClose, disconnectReasonName, disconnectStatusCode, reconnectLogLevel, type BackoffPolicy } from './reconnect-policy.js';
import type { SocketFactory, WhatsAppSocket } from './socket.js';

export type SessionStatus = 'connecting' | 'qr' | 'open' | 'logged-out' | 'standby';

/** What the admin status endpoint and /readyz show. `lastError` is for the admin, so it is in Indonesian. */
export interface SessionState {
  status: SessionStatus;
  /** The login QR payload while waiting for a scan. */
  qr?: string;
  /** The 8-character code to type on the phone, when pairing by number. */
  pairingCode?: string;
  lastError?: string;
  /** Consecutive attempts that failed to connect (reset by an open connection or a login QR). */
  failedAttempts?: number;
  /** ISO time of the next connection attempt, while waiting to reconnect. */
  retryAt?: string;
  /** ISO time the status last changed. */
  since: string;
}

export interface SupervisorDeps {
  /** Loads the stored session (or fresh creds); called for every new socket. */
  openAuth(): Promise<DatabaseAuthState>;
  createSocket: SocketFactory;
  /** Binds the message adapter to a socket; returns the unbinding. */
  attach(socket: WhatsAppSocket): () => void;
  /** Digits with country code: log in by pairing code instead of QR. */
  pairingNumber?: string;
  /** Shows a login QR or pairing code to whoever runs the process (the terminal). */
  showLogin?(login: { qr?: string; pairingCode?: string }): void;
  log: Logger;
  clock?: Clock;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** Pause between a logout and the fresh login socket. */
  reloginDelayMs?: number;
}

export interface SessionSupervisor {
  state(): SessionState;
  /** Starts connecting (this process now owns the session). */
  start(): Promise<void>;
  /** Closes the socket and stays idle until started again. */
  stop(): Promise<void>;
}

interface Connection {
  socket: WhatsAppSocket;
  auth: DatabaseAuthState;
  detach: () => void;
  pairingRequested: boolean;
  /** WhatsApp issued a login QR on this socket, so it did reach WhatsApp. */
  qrIssued: boolean;
}

/**
 * Owns the Baileys socket for one session: connects, surfaces the login QR / pairing code, and on every close
 * follows `decideOnClose` — backoff with jitter, an immediate new socket on 515, a new QR after an unscanned QR
 * window, a fresh login after 401, and no reconnect on 440 (another client holds the session; fighting it makes
 * both loop).
 */
export function createSessionSupervisor(deps: SupervisorDeps): SessionSupervisor {
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const log = deps.log;
  let state: SessionState = { status: 'standby', since: new Date(clock.now()).toISOString() };
  let current: Connection | undefined;
  let running = false;
  let failures = 0;
  let timer: unknown;
  /** Bumped on every connect/stop, so late callbacks of an older attempt do nothing. */
  let generation = 0;

  function setState(status: SessionStatus, extra: Partial<Omit<SessionState, 'status' | 'since' | 'failedAttempts'>> = {}): void {
    const since = status === state.status ? state.since : new Date(clock.now()).toISOString();
    const lastError = 'lastError' in extra ? extra.lastError : status === 'open' ? undefined : state.lastError;
    state = {
      status,
      since,
      ...(extra.qr ? { qr: extra.qr } : {}),
      ...(extra.pairingCode ? { pairingCode: extra.pairingCode } : {}),
      ...(lastError ? { lastError } : {}),
      ...(failures > 0 ? { failedAttempts: failures } : {}),
      ...(extra.retryAt ? { retryAt: extra.retryAt } : {}),
    };
  }

  const retryAt = (delayMs: number) => new Date(clock.now() + delayMs).toISOString();

  function schedule(delayMs: number): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    const gen = generation;
    timer = clock.setTimeout(() => {
      timer = undefined;
      if (gen === generation) void connect();
    }, delayMs);
  }

  function retryLater(lastError: string): void {
    const delayMs = backoffDelay(failures, random, deps.backoff);
    failures++;
    setState('connecting', { lastError, retryAt: retryAt(delayMs) });
    schedule(delayMs);
  }

  async function connect(): Promise<void> {
    if (!running) return;
    const gen = ++generation;
    setState('connecting');
    let auth: DatabaseAuthState;
    let socket: WhatsAppSocket;
    try {
      auth = await deps.openAuth();
      if (!running || gen !== generation) return;
      socket = deps.createSocket(auth.state);
    } catch (error) {
      log.error({ err: error }, 'whatsapp: could not open a socket');
      retryLater('Gagal membuka sesi WhatsApp (basis data atau jaringan bermasalah). Mencoba lagi.');
      return;
    }
    const connection: Connection = { socket, auth, detach: () => {}, pairingRequested: false, qrIssued: false };
    current = connection;
    socket.ev.on('creds.update', () => {
      auth.saveCreds().catch((error: unknown) => log.error({ err: error }, 'whatsapp: could not save the session creds'));
    });
    socket.ev.on('connection.update', (update) => {
      onUpdate(connection, update).catch((error: unknown) => log.error({ err: error }, 'whatsapp: connection update failed'));
    });
    connection.detach = deps.attach(socket);
  }

  async function onUpdate(connection: Connection, update: Partial<ConnectionState>): Promise<void> {
    if (connection !== current || !running) return;
    if (update.qr) await onLoginPrompt(connection, update.qr);
    if (update.connection === 'open') {
      failures = 0;
      setState('open', { lastError: undefined });
      log.info('whatsapp: connected');
    } else if (update.connection === 'close') {
      await onClose(connection, update.lastDisconnect?.error);
    }
  }

  async function onLoginPrompt(connection: Connection, qr: string): Promise<void> {
    // A QR proves WhatsApp is reachable: an outage backoff, if any, is over.
    connection.qrIssued = true;
    failures = 0;
    const number = deps.pairingNumber;
    if (number && !connection.auth.state.creds.registered) {
      // One code per socket: the QR refreshes every ~20 s, but a pairing code stays valid for the socket's life.
      if (connection.pairingRequested) return;
      connection.pairingRequested = true;
      try {
        const pairingCode = await connection.socket.requestPairingCode(number);
        if (connection !== current) return;
        setState('qr', { pairingCode });
        deps.showLogin?.({ pairingCode });
        log.info('whatsapp: pairing code ready: enter it on the phone (Perangkat tertaut → Tautkan dengan nomor telepon)');
        return;
      } catch (error) {
        log.warn({ err: error }, 'whatsapp: pairing code request failed; showing the QR instead');
      }
    }
    setState('qr', { qr });
    deps.showLogin?.({ qr });
    log.info('whatsapp: login QR ready: scan it from the terminal or GET /admin/whatsapp/status');
  }

  async function onClose(connection: Connection, error: Error | undefined): Promise<void> {
    connection.detach();
    current = undefined;
    const statusCode = disconnectStatusCode(error);
    const reason = disconnectReasonName(statusCode);
    const action = decideOnClose({ statusCode, qrIssued: connection.qrIssued, failures }, random, deps.backoff);
    switch (action.kind) {
      case 'relogin': {
        log.warn({ reason }, 'whatsapp: logged out: clearing the stored session and starting a new login');
        try {
          await connection.auth.clear();
        } catch (clearError) {
          log.error({ err: clearError }, 'whatsapp: could not clear the stored session');
        }
        setState('logged-out', { lastError: `WhatsApp keluar (${reason}): perangkat tertaut dihapus dari ponsel. Pindai QR baru untuk menautkan lagi.` });
        schedule(deps.reloginDelayMs ?? 5_000);
        return;
      }
      case 'halt':
        log.error({ reason }, 'whatsapp: session replaced by another client: not reconnecting (restart once only one process uses this session)');
        running = false;
        generation++;
        setState('standby', { lastError: `Sesi dipakai klien lain (${reason}). Netra tidak menyambung ulang agar tidak saling menendang; pastikan hanya satu proses memakai sesi ini, lalu mulai ulang.` });
        return;
      case 'reconnect': {
        const level = action.countsAsFailure ? reconnectLogLevel(failures, deps.backoff) : 'info';
        if (action.countsAsFailure) failures++;
        log[level]({ reason, delayMs: action.delayMs, failures }, 'whatsapp: connection closed: reconnecting');
        if (action.countsAsFailure) {
          const lastError = `Koneksi WhatsApp terputus atau server tidak dapat dihubungi (${reason}). Percobaan ke-${failures} gagal; mencoba lagi dalam ${Math.ceil(action.delayMs / 1000)} detik.`;
          setState('connecting', { lastError, retryAt: retryAt(action.delayMs) });
        }
        if (action.delayMs === 0) await connect();
        else schedule(action.delayMs);
        return;
      }
    }
  }

  return {
    state: () => state,
    async start() {
      if (running) return;
      running = true;
      failures = 0;
      setState('connecting');
      await connect();
    },
    async stop() {
      running = false;
      generation++;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      const connection = current;
      current = undefined;
      if (connection) {
        connection.detach();
        await connection.socket.end(undefined).catch((error: unknown) => log.warn({ err: error }, 'whatsapp: error while closing the socket'));
        await connection.auth.flush();
      }
      setState('standby', { lastError: state.lastError });
    },
  };
}
