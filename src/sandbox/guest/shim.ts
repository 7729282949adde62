/**
 * Guest program, runs first in every isolate: the bare isolate lacks what the tfjs UMD
 * bundles expect from a browser (`self`, `console`); give them just enough, and nothing that
 * reaches the host (console methods do nothing).
 */
const noop = (): void => undefined;
const scope = globalThis as unknown as Record<string, unknown>;
scope.self = globalThis;
scope.console = { log: noop, info: noop, warn: noop, error: noop, debug: noop };
