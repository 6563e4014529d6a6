/** `npm run bench`: every benchmark that needs no external service, one after another. */
import { spawnSync } from 'node:child_process';

const suites = [
  ['matcher: quality against peers, latency, index build', 'bench/match.ts'],
  ['HTTP: /api/ask against a bare-server ceiling', 'bench/http.ts'],
  ['publish: main-thread block per knowledge publish', 'bench/publish.ts'],
] as const;

let failed = false;
for (const [title, file] of suites) {
  console.log(`\n### ${title}\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  failed ||= run.status !== 0;
}
if (process.env.BENCH_DATABASE_URL) {
  console.log('\n### reports on 1,000,000 logged queries (Postgres)\n');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/reports.ts'], { stdio: 'inherit' });
  failed ||= run.status !== 0;
} else {
  console.log('\n(set BENCH_DATABASE_URL=postgres://… to also run the report benchmark: npm run bench:reports)');
}
process.exit(failed ? 1 : 0);
