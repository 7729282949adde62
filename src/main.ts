import 'reflect-metadata';
import { apiLogger, createApiApp } from './app.factory.js';
import { configOrExit, exitCleanlyOnSignals, exitOnProcessFaults } from './cli/cli-support.js';
import { preflight } from './startup/preflight.js';
import { prepareDatabase } from './startup/prepare-database.js';

/** The API: GraphQL (HTTP + graphql-ws) and health endpoints. */
async function main(): Promise<void> {
  exitOnProcessFaults('api', apiLogger);
  const config = configOrExit('api');
  await preflight(config, 'api');
  const { migrations, content } = await prepareDatabase(config, { syncContent: true });
  if (migrations.length > 0) apiLogger.log(`applied migrations: ${migrations.join(', ')}`);
  if (content) apiLogger.log(`content synced: ${JSON.stringify(content)}`);
  const app = await createApiApp(config);
  await app.listen(config.PORT, config.HOST);
  exitCleanlyOnSignals(() => app.close(), apiLogger);
  apiLogger.log(
    `Tensor Dojo API on http://localhost:${config.PORT}/graphql (GraphiQL ${config.NODE_ENV !== 'production' ? 'on' : 'off'})`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`[api] failed to start: ${(e as Error).message}\n`);
  process.exit(1);
});
