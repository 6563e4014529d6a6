import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/lock.js';
import { importLoaded, liveBundle, writeBundle, type ImportSummary, type KnowledgeBundle } from '../kb/files-sync.js';
import { notifyKnowledgeChanged } from '../kb/replication.js';
import { formatProblem, loadKnowledgeDir } from '../kb/load.js';
import { validateKnowledgeDir } from '../kb/validate.js';
import { CliError, withDataAccess } from './local-server.js';

const USAGE = `Usage: npm run kb -- <command> [--dir knowledge]
  validate          check every knowledge file; prints path:line: message, exit 1 on any problem
  import            files → database: a new version for each new or changed entry
  export [--out D]  database → files (default: the knowledge directory itself)`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { dir: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig(process.env);
  const dir = values.dir ?? config.KNOWLEDGE_DIR;

  switch (command) {
    case 'validate': {
      const { problems, entryCount } = await validateKnowledgeDir(dir);
      for (const problem of problems) console.log(formatProblem(problem));
      console.log(problems.length === 0 ? `OK: ${entryCount} entri valid.` : `${problems.length} masalah ditemukan.`);
      return problems.length === 0 ? 0 : 1;
    }
    case 'import': {
      const loaded = await loadKnowledgeDir(dir);
      if (loaded.problems.length > 0) {
        for (const problem of loaded.problems) console.error(formatProblem(problem));
        console.error('Impor dibatalkan: perbaiki dulu masalah di atas (npm run kb -- validate).');
        return 1;
      }
      const result = await withDataAccess<ImportSummary>(config, {
        onDatabase: async (database) => {
          const summary = await importLoaded(database.db, loaded, dir);
          // Servers on the same Postgres rebuild now instead of at their next periodic check.
          if (database.driver === 'postgres') await notifyKnowledgeChanged(database.db);
          return summary;
        },
        onServer: async (server) => server.request<ImportSummary>('POST', '/api/admin/kb/import', { files: await knowledgeFilesOf(dir) }),
      });
      console.log(`Baru: ${result.created.length}, diperbarui: ${result.updated.length}, tidak berubah: ${result.unchanged.length}, teks/kategori diperbarui: ${result.documentsWritten.length}.`);
      for (const id of result.keptDatabaseEdits) {
        console.log(`Peringatan: ${id} diubah di konsol sejak impor terakhir; versi database dipertahankan.`);
      }
      return 0;
    }
    case 'export': {
      const bundle = await withDataAccess<KnowledgeBundle>(config, {
        onDatabase: (database) => liveBundle(database.db),
        onServer: (server) => server.request<KnowledgeBundle>('GET', '/api/admin/kb/export'),
      });
      const result = await writeBundle(bundle, values.out ?? dir);
      console.log(`Ditulis: ${result.written.length}, tidak berubah: ${result.unchanged.length}, dihapus (diarsipkan di konsol): ${result.removed.length}.`);
      for (const path of result.written) console.log(`  ${path}`);
      for (const path of result.removed) console.log(`  dihapus: ${path}`);
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

/** The knowledge files under `dir` as `kb import` sends them to a running server. */
async function knowledgeFilesOf(dir: string): Promise<{ path: string; text: string }[]> {
  const loaded = await loadKnowledgeDir(dir);
  const files = loaded.files.map((f) => ({ path: f.path, text: f.rawText }));
  for (const [name, text] of Object.entries(loaded.texts)) files.push({ path: `texts/${name}.md`, text });
  const categories = await readFile(join(dir, 'categories.yaml'), 'utf8').catch(() => null);
  if (categories !== null) files.push({ path: 'categories.yaml', text: categories });
  return files;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof CliError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  },
);
