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
