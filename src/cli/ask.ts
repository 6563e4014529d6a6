import { createCore } from '../core/handle.js';
import { renderPlainText } from '../core/render-plain.js';
import { parseCommand } from '../core/command.js';
import { ConfigError, loadConfig } from '../config.js';
import { loadKnowledgeDir } from '../kb/load.js';
import { knowledgeSources } from '../kb/service.js';

/**
 * `npm run ask -- "bolehkah asn like postingan calon?"`: prints the reply as a chat user sees it.
 * Works from the knowledge files alone (no database), so it can run beside a running server.
 */
async function main(): Promise<number> {
  const text = process.argv.slice(2).join(' ').trim();
  if (!text) {
    console.error('Usage: npm run ask -- "pertanyaan Anda"');
    return 2;
  }
  const config = loadConfig(process.env);
  const loaded = await loadKnowledgeDir(config.KNOWLEDGE_DIR);
  const snapshot = (await knowledgeSources(config.KNOWLEDGE_DIR, loaded.texts)).snapshotFrom(loaded.entries);
  const core = createCore({ knowledge: () => snapshot, log: { logQuery: () => {}, logFeedback: () => {} } });
  const command = parseCommand(text);
  const reply = core.handle({
    channel: 'cli',
    userKey: 'cli',
    chatType: 'private',
    text: command ? command.arg : text,
    ...(command ? { command: command.command } : {}),
  });
  console.log(renderPlainText(reply));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
