import pino from 'pino';
import { Writable } from 'node:stream';

/** A real pino logger whose lines are kept in memory, so tests can assert on what was logged (and not logged). */
export function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level: 'debug' }, stream);
  return { log, lines, text: () => lines.map((l) => JSON.stringify(l)).join('\n') };
}
