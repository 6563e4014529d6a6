import { startNetra } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './db/lock.js';
import { loadDotEnv } from './env-file.js';
import { createLogger } from './logger.js';

/** Hard limit for a graceful stop; past it the process exits anyway so an orchestrator is never stuck. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  let config;
  try {
    loadDotEnv();
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.LOG_LEVEL);
  // A stray rejected promise (a background database call during an outage) must not take the process
  // down with the rows it holds in memory; it is logged loudly instead. Thrown exceptions still crash.
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason instanceof Error ? { name: reason.name, message: reason.message, stack: reason.stack } : { message: String(reason) } }, 'unhandled promise rejection; kept running');
  });
  let netra;
  try {
    netra = await startNetra(config, log);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      log.fatal(error.message);
    } else {
      log.fatal({ err: error }, 'Netra failed to start');
    }
    // Give the (possibly asynchronous) log transport a moment to write the reason.
    setTimeout(() => process.exit(1), 200);
    return;
  }

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      log.error('shutdown took too long: exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    void netra.stop().then(() => {
      log.info('stopped');
      log.flush?.();
      setTimeout(() => process.exit(0), 50);
    });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void main();
