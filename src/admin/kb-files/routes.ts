import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { jsonBodyLimit, readJsonBody } from '../../http/json-body.js';
import { importDirectory, liveBundle } from '../../kb/files-sync.js';
import type { Logger } from '../../logger.js';
import { requireRole } from '../access.js';
import type { AdminEnv } from '../types.js';

/** A knowledge file's path as `kb import` sends it: `<category>/<id>.md`, `texts/<name>.md` or `categories.yaml`. */
const filePath = z.string().regex(/^(?:[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*\.md|categories\.yaml)$/, 'path tidak valid');
const importSchema = z.object({ files: z.array(z.object({ path: filePath, text: z.string().max(200_000) })).max(10_000) });

/**
 * `kb export` / `kb import` through a running server (the embedded database has one owner): the live
 * knowledge as JSON, and knowledge files in, imported as at start-up and published.
 */
export function kbFileRoutes(admin: Hono<AdminEnv>, deps: { db: Db; log: Logger; onPublished: () => Promise<void> }): void {
  const onlyAdmin = requireRole('admin');
  admin.get('/api/admin/kb/export', onlyAdmin, async (c) => c.json(await liveBundle(deps.db)));

  admin.post('/api/admin/kb/import', onlyAdmin, jsonBodyLimit(50 * 1024 * 1024, deps.log), async (c) => {
    const body = await readJsonBody(c, importSchema, deps.log);
    if (!body.ok) return body.response;
    const dir = await mkdtemp(join(tmpdir(), 'netra-import-'));
    try {
      for (const file of body.value.files) {
        await mkdir(dirname(join(dir, file.path)), { recursive: true });
        await writeFile(join(dir, file.path), file.text);
      }
      const result = await importDirectory(deps.db, dir);
      if ('problems' in result) return c.json({ error: 'invalid', message: 'Berkas pengetahuan tidak valid.', problems: result.problems }, 422);
      if (result.created.length + result.updated.length + result.documentsWritten.length > 0) await deps.onPublished();
      return c.json(result);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
