/**
 * Finds the file SandboxPool forks, with the guest programs bundled next to it.
 *
 * Built (`npm run build`): dist/src/sandbox/sandbox-child.js, compiled by tsc, and
 * dist/src/sandbox/guest-bundles/*.js, written by scripts/build-sandbox.mjs.
 *
 * From source (Jest runs sandbox.ts, nothing built; or a dist/ compiled without the
 * bundles): scripts/build-sandbox.mjs --child bundles the child and its guest programs with
 * esbuild (a dev dependency) into node_modules/.cache/tensor-dojo-sandbox/<hash of the
 * sources>/, once per version of the sources; several processes may race to it safely.
 * The files there are world-readable, so a child running as `nobody` can load them.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

let located: string | undefined;

export function childEntry(): string {
  located ??= locate();
  return located;
}

function locate(): string {
  const compiled = join(here, 'sandbox-child.js');
  if (existsSync(compiled) && existsSync(join(here, 'guest-bundles', 'model-runner.js'))) return compiled;
  const root = projectRoot();
  const script = join(root, 'scripts', 'build-sandbox.mjs');
  const sources = join(root, 'src', 'sandbox');
  const target = join(root, 'node_modules', '.cache', 'tensor-dojo-sandbox', sourceHash(sources, script));
  const entry = join(target, 'sandbox-child.js');
  if (existsSync(entry)) return entry;
  // Build into a private directory, then rename it into place (atomic; a loser of the race just cleans up).
  const temporary = `${target}.${process.pid}.tmp`;
  execFileSync(process.execPath, [script, '--out', temporary, '--child'], { stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    renameSync(temporary, target);
  } catch {
    rmSync(temporary, { recursive: true, force: true });
  }
  return entry;
}

function projectRoot(): string {
  let dir = here;
  while (!existsSync(join(dir, 'scripts', 'build-sandbox.mjs')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Hash of every non-test source of the child and the guest programs, and of the build script. */
function sourceHash(sources: string, script: string): string {
  const hash = createHash('sha256');
  const files = (readdirSync(sources, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .sort();
  for (const file of [...files.map((f) => join(sources, f)), script]) {
    hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
