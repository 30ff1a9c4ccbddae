import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './platform/log.ts';
import { startServer } from './server.ts';
import { DataDirLocked } from './platform/db/lock.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const log = createLogger(config);
  const running = await startServer(config, log);
  let signalled = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (signalled) {
        log.info({ signal }, 'Second signal : délai de drainage abrégé.');
        void running.stop();
        return;
      }
      signalled = true;
      log.info({ signal, drainMs: config.SHUTDOWN_DRAIN_MS }, 'Arrêt en cours…');
      // /readyz answers 503 at once; requests are still served for the drain delay, while the proxy notices.
      running
        .stop(config.SHUTDOWN_DRAIN_MS)
        .then(() => {
          log.info('Arrêté.');
          process.exit(0);
        })
        .catch((err) => {
          log.error({ err }, 'Arrêt incomplet');
          process.exit(1);
        });
    });
  }
}

main().catch((err) => {
  if (err instanceof DataDirLocked) {
    // Another server owns DATA_DIR: say who, and leave it serving.
    process.stderr.write(`${err.message}\n`);
    process.exit(75);
  }
  process.stderr.write(`Échec du démarrage / start-up failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
