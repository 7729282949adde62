import { loadConfig, type AppConfig } from '../config/config.js';

/** The validated config, or one line naming the bad variable and exit 1. */
export function configOrExit(processName: string): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    process.stderr.write(`[${processName}] ${(e as Error).message}\n`);
    process.exit(1);
  }
}

/**
 * SIGTERM/SIGINT: close the application (Nest's shutdown hooks: the worker hands running
 * jobs back to the queue) and exit 0; a second signal, or 30 s, forces the exit.
 */
export function exitCleanlyOnSignals(close: () => Promise<void>, logger: { log(m: string): void }): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    logger.log(`${signal}: shutting down`);
    setTimeout(() => process.exit(1), 30_000).unref();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
