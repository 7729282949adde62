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

/**
 * A rejection nobody handled or an exception nobody caught leaves the process in a state no
 * one reasoned about: log it once and exit 1 at once. A worker's jobs are then taken over by
 * another worker when their locks expire (BullMQ stalled-job recovery), and `npm start`
 * restarts the process. Every expected failure is handled where it happens; this is the net.
 */
export function exitOnProcessFaults(processName: string, logger: { error(m: string): void }): void {
  let exiting = false;
  const fault = (kind: string) => (error: unknown) => {
    if (exiting) return;
    exiting = true;
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    try {
      logger.error(`${kind}, exiting so the work is taken over: ${text}`);
    } catch {
      process.stderr.write(`[${processName}] ${kind}, exiting: ${text}\n`);
    }
    process.exit(1);
  };
  process.on('unhandledRejection', fault('unhandled promise rejection'));
  process.on('uncaughtException', fault('uncaught exception'));
}
