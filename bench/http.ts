/**
 * HTTP throughput of `POST /api/ask` against a bare-server ceiling: the same Node + Hono stack
 * answering a constant JSON body. The gap is what matching, the core and the query log cost.
 *   npm run bench:http   (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_DATABASE_URL to use Postgres)
 */
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNetra } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

const questions = readFileSync(new URL('../test/fixtures/dev.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text);

async function bareServer(): Promise<{ url: string; close: () => void }> {
  const app = new Hono();
  app.post('/api/ask', async (c) => {
    await c.req.json();
    return c.json({ status: 'fallback', entry: null, answer: 'ok', sources: [], suggestions: [], score: 0 });
  });
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() });
    });
  });
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, url: string, bodies: string[]): Promise<Row> {
  const result = await autocannon({
    url: `${url}/api/ask`,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: bodies.map((body) => ({ method: 'POST', path: '/api/ask', headers: { 'content-type': 'application/json' }, body })),
  });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors, non2xx: result.non2xx };
}

async function main(): Promise<void> {
  const bare = await bareServer();
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'netra-bench-')),
    USER_KEY_SECRET: 'bench-secret-0123456789abcdef',
    LOG_LEVEL: 'warn',
    ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
  });
  const netra = await startNetra(config, createLogger('warn', false), process.env.BENCH_DATABASE_URL ? {} : { databaseTarget: { kind: 'memory' } });
  const oneQuestion = [JSON.stringify({ text: 'bolehkah asn like postingan calon bupati di instagram?' })];
  const manyQuestions = questions.map((text) => JSON.stringify({ text }));
  try {
    const rows = [
      await load('bare Hono ceiling', bare.url, oneQuestion),
      await load('/api/ask, one question', netra.url, oneQuestion),
      await load(`/api/ask, ${manyQuestions.length} dev questions`, netra.url, manyQuestions),
    ];
    const ceiling = rows[0]!.rps;
    console.log(`\nHTTP benchmark: ${CONNECTIONS} connections, ${SECONDS} s each, ${process.env.BENCH_DATABASE_URL ? 'Postgres' : 'in-memory PGlite'}\n`);
    console.log('case'.padEnd(36), 'req/s'.padStart(9), '% ceiling'.padStart(10), 'p50 ms'.padStart(8), 'p99 ms'.padStart(8), 'errors'.padStart(7));
    for (const r of rows) {
      console.log(
        r.name.padEnd(36),
        r.rps.toFixed(0).padStart(9),
        `${((r.rps / ceiling) * 100).toFixed(0)} %`.padStart(10),
        r.p50.toFixed(1).padStart(8),
        r.p99.toFixed(1).padStart(8),
        String(r.errors + r.non2xx).padStart(7),
      );
    }
  } finally {
    bare.close();
    await netra.stop();
  }
}

await main();
