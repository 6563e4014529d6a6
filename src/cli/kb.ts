import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { DataDirLockedError } from '../db/lock.js';
import { exportEntries } from '../kb/export.js';
import { formatProblem, loadKnowledgeDir } from '../kb/load.js';
import { importKnowledgeFiles, loadLiveEntries } from '../kb/repository.js';
import { validateKnowledgeDir } from '../kb/validate.js';
import { openCliDatabase } from './database.js';

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
      const database = await openCliDatabase(config);
      try {
        const result = await importKnowledgeFiles(database.db, loaded.files);
        console.log(`Baru: ${result.created.length}, diperbarui: ${result.updated.length}, tidak berubah: ${result.unchanged.length}.`);
        for (const id of result.keptDatabaseEdits) {
          console.log(`Peringatan: ${id} diubah di database sejak impor terakhir; versi database dipertahankan.`);
        }
      } finally {
        await database.close();
      }
      return 0;
    }
    case 'export': {
      const database = await openCliDatabase(config);
      try {
        const result = await exportEntries(await loadLiveEntries(database.db), values.out ?? dir);
        console.log(`Ditulis: ${result.written.length}, tidak berubah: ${result.unchanged.length}.`);
        for (const path of result.written) console.log(`  ${path}`);
      } finally {
        await database.close();
      }
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  },
);
