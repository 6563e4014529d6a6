import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from './logger.js';

/**
 * USER_KEY_SECRET keys the pseudonyms of every user. When unset, one is generated on first run and
 * kept in the data directory, so pseudonyms stay stable across restarts of this one machine.
 */
export function resolveUserKeySecret(configured: string | undefined, dataDir: string, log: Logger): string {
  if (configured) return configured;
  const path = join(dataDir, 'user-key-secret');
  try {
    const stored = readFileSync(path, 'utf8').trim();
    if (stored.length >= 32) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('hex');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  log.warn({ path }, 'USER_KEY_SECRET is not set: generated one and stored it in the data directory. Set it explicitly when several replicas share a database.');
  return secret;
}
