import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNetra, type RunningNetra } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { KNOWLEDGE_DIR } from './knowledge.js';
import { memoryLogger } from './logger.js';

/** The whole server, started in-process on a free port with an in-memory database and the real knowledge. */
export async function startTestNetra(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'netra-test-'));
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    KNOWLEDGE_DIR,
    USER_KEY_SECRET: 'test-secret-0123456789abcdef',
    LOG_LEVEL: 'debug',
    // Tests drive one client from one address far past a person's pace; the rate-limit tests set their own.
    WEB_RATE_LIMIT_PER_MINUTE: '100000',
    WEB_RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
    ...env,
  });
  const logs = memoryLogger();
  const netra: RunningNetra = await startNetra(config, logs.log, { databaseTarget: { kind: 'memory' } });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${netra.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  return { netra, logs, post, url: netra.url };
}
