import { appendFileSync, closeSync, createReadStream, fsyncSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FeedbackRecord, QueryLogRecord } from './types.js';

/** One row on its way to the database. */
export type LogItem = { kind: 'query'; record: QueryLogRecord } | { kind: 'feedback'; record: FeedbackRecord };

/** What one spool line holds; `v` lets a later format coexist with files left by this one. */
interface SpoolLine {
  v: 1;
  kind: LogItem['kind'];
  record: Record<string, unknown>;
}

const SEGMENT = /^querylog-\d+-\d+-\d+\.jsonl$/;

export type SpoolEntry = { item: LogItem } | { badLine: number };

/**
 * Append-only JSONL files holding log rows the database could not take yet. A file is written in
 * segments: appended and fsync'd while the database is down, then read back and removed once every
 * row in it is inserted. Rows carry their ids, so reading a segment twice never duplicates anything.
 */
export class Spool {
  readonly dir: string;
  #seq = 0;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** A fresh segment name; names sort by creation time. */
  newSegment(): string {
    this.#seq += 1;
    return `querylog-${Date.now()}-${process.pid}-${this.#seq}.jsonl`;
  }

  /** Appends rows to a segment and waits until they are on disk. */
  async append(segment: string, items: LogItem[]): Promise<void> {
    if (items.length === 0) return;
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, segment);
    const handle = await open(path, 'a', 0o600);
    try {
      await handle.appendFile(items.map(encode).join(''));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await this.#syncDirectory();
  }

  /**
   * The synchronous variant: used by the writer's durability tick and at shutdown, where nothing else may
   * run between the write and the fsync (a concurrent replay must never see a half-written segment).
   */
  appendSync(segment: string, items: LogItem[]): void {
    if (items.length === 0) return;
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, segment);
    const fd = openSync(path, 'a', 0o600);
    try {
      appendFileSync(fd, items.map(encode).join(''));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    this.#syncDirectorySync();
  }

  /** Bytes waiting for replay and the age of the oldest segment (for the metrics; cheap: one readdir). */
  usage(now = Date.now()): { spoolBytes: number; spoolOldestAgeMs: number } {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((name) => SEGMENT.test(name));
    } catch {
      return { spoolBytes: 0, spoolOldestAgeMs: 0 };
    }
    let spoolBytes = 0;
    let oldest = now;
    for (const name of names) {
      try {
        spoolBytes += statSync(join(this.dir, name)).size;
      } catch {
        continue; // replayed and removed meanwhile
      }
      oldest = Math.min(oldest, Number(name.split('-')[1]) || now);
    }
    return { spoolBytes, spoolOldestAgeMs: names.length > 0 ? now - oldest : 0 };
  }

  /** Segments waiting to be replayed, oldest first. */
  async segments(): Promise<string[]> {
    try {
      return (await readdir(this.dir)).filter((name) => SEGMENT.test(name)).sort(bySegmentOrder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  /** Reads a segment line by line. A torn or unreadable line (a crash mid-write) is reported, not thrown. */
  async *read(segment: string): AsyncGenerator<SpoolEntry> {
    const lines = createInterface({ input: createReadStream(join(this.dir, segment), 'utf8'), crlfDelay: Infinity });
    let number = 0;
    for await (const line of lines) {
      number += 1;
      if (line.trim() === '') continue;
      const item = decode(line);
      yield item ? { item } : { badLine: number };
    }
  }

  async remove(segment: string): Promise<void> {
    await rm(join(this.dir, segment), { force: true });
    await this.#syncDirectory();
  }

  /** Moves a segment with unreadable lines out of the replay set, keeping it for an operator to inspect. */
  async quarantine(segment: string): Promise<string> {
    const target = segment.replace(/\.jsonl$/, '.rejected.jsonl');
    await rename(join(this.dir, segment), join(this.dir, target));
    return target;
  }

  #syncDirectorySync(): void {
    let fd: number | undefined;
    try {
      fd = openSync(this.dir, 'r');
      fsyncSync(fd);
    } catch {
      // As in #syncDirectory: not every filesystem allows it.
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  async #syncDirectory(): Promise<void> {
    // A new file's directory entry must reach the disk too, or a crash could lose the whole file.
    let handle;
    try {
      handle = await open(this.dir, 'r');
      await handle.sync();
    } catch {
      // Some filesystems refuse fsync on directories; the file's own fsync is the best we can do there.
    } finally {
      await handle?.close();
    }
  }
}

function bySegmentOrder(a: string, b: string): number {
  const key = (name: string) => name.split(/[-.]/).slice(1, 4).map(Number);
  const [ka, kb] = [key(a), key(b)];
  for (let i = 0; i < 3; i++) if (ka[i] !== kb[i]) return (ka[i] ?? 0) - (kb[i] ?? 0);
  return a.localeCompare(b);
}

function encode(item: LogItem): string {
  const line: SpoolLine = { v: 1, kind: item.kind, record: { ...item.record, createdAt: item.record.createdAt.toISOString() } };
  return `${JSON.stringify(line)}\n`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decode(line: string): LogItem | undefined {
  let parsed: SpoolLine;
  try {
    parsed = JSON.parse(line) as SpoolLine;
  } catch {
    return undefined;
  }
  if (parsed?.v !== 1 || typeof parsed.record !== 'object' || parsed.record === null) return undefined;
  const record = parsed.record;
  const createdAt = new Date(String(record.createdAt));
  if (typeof record.id !== 'string' || !UUID.test(record.id) || Number.isNaN(createdAt.getTime())) return undefined;
  if (parsed.kind === 'query') {
    if (typeof record.userKey !== 'string' || typeof record.status !== 'string') return undefined;
    return { kind: 'query', record: { ...(record as unknown as QueryLogRecord), createdAt } };
  }
  if (parsed.kind === 'feedback') {
    if (typeof record.queryId !== 'string' || !UUID.test(record.queryId)) return undefined;
    return { kind: 'feedback', record: { ...(record as unknown as FeedbackRecord), createdAt } };
  }
  return undefined;
}
