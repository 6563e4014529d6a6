import { mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir, hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../src/db/lock.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'netra-lock-'));

describe('data directory lock', () => {
  it('refuses a second holder and names the process that holds it', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`in use by process ${process.pid} on ${hostname()}`));
    } finally {
      lock.release();
    }
  });

  it('can be taken again once released', () => {
    const dir = tempDir();
    acquireDataDirLock(dir).release();
    expect(existsSync(join(dir, 'netra.lock'))).toBe(false);
    acquireDataDirLock(dir).release();
  });

  it('takes over a lock left by a process that no longer runs', () => {
    const dir = tempDir();
    // PIDs are below 2^22 on Linux, so this one cannot be alive.
    writeFileSync(join(dir, 'netra.lock'), JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), since: '2026-01-01T00:00:00Z' }));
    const lock = acquireDataDirLock(dir);
    lock.release();
  });
});
