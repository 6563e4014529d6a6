/**
 * The load generator, run as its own process so it never shares an event loop with the server:
 *   tsx bench/lib/load-driver.ts '{"url":…,"target":"telegram","amount":100000,"connections":32,"rate":1000}'
 * Prints one JSON line with autocannon's figures.
 */
import autocannon from 'autocannon';
import { devQuestions, PATHS, requestFor, type Target } from './load-bodies.js';

interface DriverOptions {
  url: string;
  target: Target;
  amount: number;
  connections: number;
  /** Requests per second across all connections; absent = as fast as the server answers. */
  rate?: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as DriverOptions;
const questions = devQuestions();
const salt = Math.floor(Date.now() / 1000) % 100_000;
let n = 0;

const result = await autocannon({
  url: options.url,
  connections: options.connections,
  amount: options.amount,
  ...(options.rate ? { overallRate: options.rate } : {}),
  timeout: 30,
  requests: [
    {
      method: 'POST',
      path: PATHS[options.target],
      setupRequest: (req) => {
        const { body, headers } = requestFor(options.target, n++, questions, salt);
        return { ...req, body, headers };
      },
    },
  ],
});

process.stdout.write(
  `${JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.total / result.duration,
    durationS: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  })}\n`,
);
