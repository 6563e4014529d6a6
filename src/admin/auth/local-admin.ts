import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../types.js';

/**
 * With the embedded database one process owns DATA_DIR, so the CLI on the same machine talks to that
 * process instead. The server publishes its URL and a fresh random admin token in this file (mode 0600:
 * only the account that runs Netra can read it); the token dies with the process.
 */
export const LOCAL_ADMIN_FILE = 'local-admin.json';

export interface LocalAdminInfo {
  url: string;
  token: string;
  pid: number;
}

/** The actor behind the local admin token: the CLI of the machine that runs Netra. */
export const CLI_ACTOR: Actor = { id: 'cli', name: 'CLI (server ini)', role: 'admin', via: 'bootstrap' };

export const newLocalAdminToken = () => `local_${randomBytes(32).toString('base64url')}`;

/** Writes the file atomically (temp file + rename) and returns its removal, for shutdown. */
export function publishLocalAdmin(dataDir: string, info: LocalAdminInfo): () => void {
  const path = join(dataDir, LOCAL_ADMIN_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(info), { mode: 0o600 });
  renameSync(temp, path);
  return () => {
    // Only remove our own file: a later server may have replaced it.
    if (readLocalAdmin(dataDir)?.token === info.token) rmSync(path, { force: true });
  };
}

/** The published server, or undefined when there is no file or its process no longer runs. */
export function readLocalAdmin(dataDir: string): LocalAdminInfo | undefined {
  let info: LocalAdminInfo;
  try {
    info = JSON.parse(readFileSync(join(dataDir, LOCAL_ADMIN_FILE), 'utf8')) as LocalAdminInfo;
  } catch {
    return undefined;
  }
  if (typeof info.url !== 'string' || typeof info.token !== 'string' || typeof info.pid !== 'number') return undefined;
  return isRunning(info.pid) ? info : undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
