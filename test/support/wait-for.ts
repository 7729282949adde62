/**
 * Polls until `check` returns a value (not undefined) or the time runs out. E2E tests wait on
 * real workers, so the bound is generous and the error carries the processes' recent output.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  options: { what: string; timeoutMs?: number; intervalMs?: number; log?: () => string },
): Promise<T> {
  const { what, timeoutMs = 60_000, intervalMs = 250, log = () => '' } = options;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
