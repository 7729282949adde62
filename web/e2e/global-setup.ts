import { startStack } from './stack.js';

/** Starts the API and a worker once for the whole run; the returned function stops them. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stack = await startStack();
  process.env.DOJO_WEB_URL = stack.url;
  // Staff accounts (admin, mentor…) are made with the CLI against this database (web/e2e/staff.ts).
  process.env.DOJO_DATABASE_URL = stack.databaseUrl;
  return stack.stop;
}
