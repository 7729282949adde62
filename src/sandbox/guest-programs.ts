/**
 * The guest programs (src/sandbox/guest/*.ts), as the scripts an isolate runs. They are
 * bundled at build time by scripts/build-sandbox.mjs into ./guest-bundles/ next to this
 * file (dist/src/sandbox/, or the child's bundle directory when running from source; see
 * child-entry.ts). This file must stay next to sandbox-child.ts so `import.meta.url` finds
 * them in both layouts.
 */
import { readFileSync } from 'node:fs';

export type GuestProgram = 'shim' | 'weight-hook' | 'model-runner' | 'coding-runner';

const loaded = new Map<GuestProgram, string>();

/** The bundled source of one guest program (read once). */
export function guestProgram(name: GuestProgram): string {
  let code = loaded.get(name);
  if (code === undefined) {
    code = readFileSync(new URL(`./guest-bundles/${name}.js`, import.meta.url), 'utf8');
    loaded.set(name, code);
  }
  return code;
}
