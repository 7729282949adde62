/**
 * The guest programs (src/sandbox/guest/*.ts), as the scripts an isolate runs. They are
 * bundled at build time by scripts/build-sandbox.mjs into ./guest-bundles/ next to this
 * file (dist/src/sandbox/, or the child's bundle directory when running from source; see
 * child-entry.ts). This file must stay next to sandbox-child.ts so `import.meta.url` finds
 * them in both layouts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { childEntry } from './child-entry.js';

export type GuestProgram = 'shim' | 'weight-hook' | 'model-runner' | 'coding-runner';

const loaded = new Map<GuestProgram, string>();
let directory: string | undefined;

function bundleDirectory(): string {
  const here = fileURLToPath(new URL('./guest-bundles/', import.meta.url));
  // Run from source in this process (a script under tsx), nothing is built next to this file:
  // use the bundles child-entry.ts builds for the child.
  directory ??= existsSync(here) ? here : join(dirname(childEntry()), 'guest-bundles');
  return directory;
}

/** The bundled source of one guest program (read once). */
export function guestProgram(name: GuestProgram): string {
  let code = loaded.get(name);
  if (code === undefined) {
    code = readFileSync(join(bundleDirectory(), `${name}.js`), 'utf8');
    loaded.set(name, code);
  }
  return code;
}
