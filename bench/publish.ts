/**
 * `npm run bench:publish`: how long one publish blocks the main thread (every request waits that long),
 * building the matcher on the main thread as before, and with the worker thread. A 1 ms ticker measures
 * the longest gap in the event loop while each publish runs.
 */
import { performance } from 'node:perf_hooks';
import { loadKnowledgeDir } from '../src/kb/load.js';
import { MatcherWorker } from '../src/kb/matcher-worker.js';
import { buildMatcher, loadMatcherData } from '../src/matcher/index.js';
import { DEFAULT_WEIGHTS } from '../src/matcher/scorer.js';

const RUNS = 5;
const dir = 'knowledge';
const entries = (await loadKnowledgeDir(dir)).entries;
const data = await loadMatcherData(dir);

/** Runs `publish` while a 1 ms ticker runs; returns the longest stall of the event loop and the total time. */
async function measure(publish: () => Promise<void>): Promise<{ stall: number; total: number }> {
  let last = performance.now();
  let stall = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stall = Math.max(stall, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  await publish();
  const total = performance.now() - started;
  await new Promise((r) => setTimeout(r, 5));
  clearInterval(ticker);
  return { stall, total };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

async function series(name: string, publish: () => Promise<void>): Promise<void> {
  const results = [];
  for (let i = 0; i < RUNS; i++) results.push(await measure(publish));
  const stalls = results.map((r) => r.stall);
  console.log(
    `${name.padEnd(34)} main thread blocked: median ${median(stalls).toFixed(0)} ms (max ${Math.max(...stalls).toFixed(0)}), publish takes ${median(results.map((r) => r.total)).toFixed(0)} ms`,
  );
}

console.log(`Publishing ${entries.length} entries (${entries.reduce((n, e) => n + e.questions.length, 0)} phrasings), ${RUNS} runs each\n`);
await series('before: build on the main thread', async () => {
  await new Promise((r) => setTimeout(r, 1));
  buildMatcher(entries, data);
});
const worker = new MatcherWorker(data);
await worker.parts(entries); // thread start-up and JIT warm-up are paid once per process, not per publish
await series('after: worker thread + assembly', async () => {
  const parts = await worker.parts(entries);
  buildMatcher(entries, data, DEFAULT_WEIGHTS, parts);
});
await worker.close();
