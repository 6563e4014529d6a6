/**
 * Load bench: Netra (on Postgres, then on PGlite) and a bare Hono ceiling, each in its own process,
 * driven by autocannon in a third process with varied dev questions on the Telegram webhook, the
 * WhatsApp Cloud webhook (signed) and /api/ask. Replies go to a local stand-in for the platforms.
 *
 *   npm run bench:load                       # 100,000 messages per case, 32 connections
 *   npm run bench:load -- --messages 20000 --drivers postgres --targets telegram --profile
 *
 * Options: --messages N, --connections N, --rate N (the sustained Telegram run; default 1000),
 * --drivers postgres,pglite, --targets telegram,whatsapp,ask, --profile (writes a --cpu-prof of Netra
 * to bench/profiles/), --webhook-reply (TELEGRAM_WEBHOOK_REPLY=true), --tsx (run src/ under tsx instead of
 * a fresh `npm run build`, the compiled code production runs), --max-old-space MB (default 192, as the
 * Dockerfile sets; 0 leaves V8's own limit). BENCH_DATABASE_URL names the Postgres
 * server (a fresh database is made there).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { BENCH, type Target } from './lib/load-bodies.js';
import { PlatformSink } from './lib/platform-sink.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '100000' },
    connections: { type: 'string', default: '32' },
    rate: { type: 'string', default: '1000' },
    drivers: { type: 'string', default: 'postgres,pglite' },
    targets: { type: 'string', default: 'telegram,whatsapp,ask' },
    profile: { type: 'boolean', default: false },
    /** Answer Telegram in the webhook response (TELEGRAM_WEBHOOK_REPLY=true) instead of a sendMessage call. */
    'webhook-reply': { type: 'boolean', default: false },
    /** Run Netra from TypeScript under tsx instead of the compiled build (`npm run build`, as in production). */
    tsx: { type: 'boolean', default: false },
    /** Netra's V8 old-generation limit in MB (node --max-old-space-size); the Dockerfile's value by default, 0 for V8's own. */
    'max-old-space': { type: 'string', default: '192' },
    /** Netra's V8 young-generation semi-space in MB (node --max-semi-space-size); 0 for V8's default (grows from 1 MB up to 16 MB). */
    'semi-space': { type: 'string', default: '0' },
    /** Write a V8 heap snapshot of Netra into bench/profiles after the last case (what the heap holds). */
    'heap-snapshot': { type: 'boolean', default: false },
  },
});
const MESSAGES = Number(args.messages);
const CONNECTIONS = Number(args.connections);
const RATE = Number(args.rate);
const DRIVERS = args.drivers.split(',') as ('postgres' | 'pglite')[];
const TARGETS = args.targets.split(',') as Target[];
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Figures {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

interface Row extends Figures {
  server: string;
  target: string;
  rssBeforeMb?: number;
  rssAfterMb?: number;
  /** V8 heap in use after the case, from Netra's /metrics: tells a growing heap from memory V8 merely keeps. */
  heapUsedMb?: number;
}

const METRICS_TOKEN = 'load-bench-metrics-token-0123456789';

/** The V8 heap in use, in MB, as Netra's Prometheus endpoint reports it. */
async function heapUsedMb(url: string): Promise<number | undefined> {
  const res = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }).catch(() => undefined);
  if (!res?.ok) return undefined;
  const value = /^netra_nodejs_heap_size_used_bytes (\S+)$/m.exec(await res.text())?.[1];
  return value === undefined ? undefined : Number(value) / 1024 / 1024;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Runs the autocannon driver in its own process and returns its figures. */
function drive(url: string, target: Target, amount: number, rate?: number): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/load-driver.ts', JSON.stringify({ url, target, amount, connections: CONNECTIONS, ...(rate ? { rate } : {}) })], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Figures) : reject(new Error(`load driver exited ${code}`))));
  });
}

/** Asks Netra for a heap snapshot (SIGUSR2) and waits until V8 has finished writing it. */
async function heapSnapshot(child: ChildProcess, dir: string): Promise<void> {
  const before = new Set(readdirSync(dir));
  child.kill('SIGUSR2');
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const written = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    // V8 writes the file in one go; its size stops changing when it is done.
    if (written) {
      const size = statSync(join(dir, written)).size;
      await new Promise((r) => setTimeout(r, 1_000));
      if (statSync(join(dir, written)).size === size) return void process.stderr.write(`  heap snapshot: bench/profiles/${written}\n`);
    }
  }
}

async function waitReady(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (child.exitCode !== null) throw new Error('Netra exited during start-up');
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Netra did not become ready');
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function benchNetra(driver: 'postgres' | 'pglite', sink: PlatformSink): Promise<Row[]> {
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (driver === 'postgres') {
    const name = `netra_load_${process.pid}`;
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists ${name}`);
    await admin.unsafe(`create database ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const profileDir = join(ROOT, 'bench', 'profiles');
  if (args.profile || args['heap-snapshot']) mkdirSync(profileDir, { recursive: true });
  const entry = args.tsx ? ['--import', 'tsx', 'src/main.ts'] : ['dist/main.js'];
  const nodeFlags = [
    ...(args.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ...(args['heap-snapshot'] ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${profileDir}`] : []),
    ...(Number(args['max-old-space']) > 0 ? [`--max-old-space-size=${Number(args['max-old-space'])}`] : []),
    ...(Number(args['semi-space']) > 0 ? [`--max-semi-space-size=${Number(args['semi-space'])}`] : []),
  ];
  const child = spawn(process.execPath, [...nodeFlags, ...entry], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'netra-load-')),
      USER_KEY_SECRET: BENCH.userKeySecret,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      TELEGRAM_BOT_TOKEN: BENCH.botToken,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_SECRET: BENCH.webhookSecret,
      TELEGRAM_API_ROOT: sink.url,
      TELEGRAM_WEBHOOK_REPLY: String(args['webhook-reply']),
      METRICS_TOKEN,
      // One client address sends everything here; the web limits (429) would measure themselves.
      WEB_RATE_LIMIT_PER_MINUTE: '100000000',
      WEB_RATE_LIMIT_PER_IP_PER_MINUTE: '100000000',
      WHATSAPP_MODE: 'cloud',
      WHATSAPP_CLOUD_VERIFY_TOKEN: BENCH.verifyToken,
      WHATSAPP_CLOUD_APP_SECRET: BENCH.appSecret,
      WHATSAPP_CLOUD_TOKEN: BENCH.cloudToken,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: BENCH.phoneNumberId,
      WHATSAPP_CLOUD_API_ROOT: `${sink.url}/v21.0`,
    },
  });
  const rows: Row[] = [];
  try {
    await waitReady(url, child);
    // A short warm-up so the JIT and the connection pool are not what the first case measures.
    await drive(url, 'ask', 2_000);
    for (const target of TARGETS) {
      const rssBeforeMb = rssMb(child.pid!);
      const figures = await drive(url, target, MESSAGES);
      rows.push({ server: `netra/${driver}`, target, ...figures, rssBeforeMb, rssAfterMb: rssMb(child.pid!), heapUsedMb: await heapUsedMb(url) });
      log(rows.at(-1)!);
    }
    if (TARGETS.includes('telegram')) {
      const rssBeforeMb = rssMb(child.pid!);
      const figures = await drive(url, 'telegram', Math.min(MESSAGES, RATE * 60), RATE);
      rows.push({ server: `netra/${driver}`, target: `telegram @ ${RATE}/s`, ...figures, rssBeforeMb, rssAfterMb: rssMb(child.pid!), heapUsedMb: await heapUsedMb(url) });
      log(rows.at(-1)!);
    }
    if (args['heap-snapshot']) await heapSnapshot(child, profileDir);
  } finally {
    await stopProcess(child);
    await dropDatabase();
  }
  return rows;
}

async function benchBare(): Promise<Row[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/bare-server.ts'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(Number(String(d).trim()))));
  const url = `http://127.0.0.1:${port}`;
  const rows: Row[] = [];
  try {
    await drive(url, 'ask', 2_000);
    for (const target of TARGETS) {
      rows.push({ server: 'bare hono', target, ...(await drive(url, target, MESSAGES)) });
      log(rows.at(-1)!);
    }
  } finally {
    await stopProcess(child);
  }
  return rows;
}

function log(row: Row): void {
  const heap = row.heapUsedMb === undefined ? '' : ` (heap used ${row.heapUsedMb.toFixed(0)} MB)`;
  const rss = row.rssAfterMb === undefined ? '' : `, RSS ${row.rssBeforeMb!.toFixed(0)} → ${row.rssAfterMb.toFixed(0)} MB${heap}`;
  process.stderr.write(`  done: ${row.server} ${row.target}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, errors ${row.errors + row.timeouts + row.non2xx}${rss}\n`);
}

/** The compiled build production runs; made fresh so the bench never measures stale code. */
function build(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  if (!args.tsx) await build();
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const sink = await new PlatformSink().start();
  const rows: Row[] = [];
  try {
    rows.push(...(await benchBare()));
    for (const driver of DRIVERS) rows.push(...(await benchNetra(driver, sink)));
  } finally {
    await sink.stop();
  }
  const ceiling = (target: string) => rows.find((r) => r.server === 'bare hono' && r.target === target.split(' ')[0])?.rps ?? NaN;
  const how = `${args.tsx ? 'tsx' : 'compiled build'}, Telegram replies ${args['webhook-reply'] ? 'in the webhook response' : 'by sendMessage'}`;
  console.log(`\nLoad bench: ${MESSAGES} messages per case, ${CONNECTIONS} connections, autocannon in its own process; Netra: ${how}`);
  console.log(`load average at start: ${load}; at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log(['server', 'target', 'req/s', 'bare %', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'RSS before', 'RSS after', 'heap used'].join(' | '));
  for (const r of rows) {
    console.log(
      [
        r.server,
        r.target,
        r.rps.toFixed(0),
        r.server === 'bare hono' ? '100' : ((r.rps / ceiling(r.target)) * 100).toFixed(0),
        String(r.p50),
        String(r.p99),
        String(r.max),
        String(r.errors + r.timeouts + r.non2xx),
        r.rssBeforeMb === undefined ? '-' : `${r.rssBeforeMb.toFixed(0)} MB`,
        r.rssAfterMb === undefined ? '-' : `${r.rssAfterMb.toFixed(0)} MB`,
        r.heapUsedMb === undefined ? '-' : `${r.heapUsedMb.toFixed(0)} MB`,
      ].join(' | '),
    );
  }
  console.log(`\nreplies sent to the platform stand-in: ${[...sink.counts].map(([m, n]) => `${m} ${n}`).join(', ')}`);
}

await main();
