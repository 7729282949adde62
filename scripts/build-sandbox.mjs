/**
 * Bundles the sandbox's guest programs (src/sandbox/guest/*.ts, the trusted code that runs
 * INSIDE an isolate) with esbuild, one self-contained script each, into
 * <out>/guest-bundles/<name>.js, where src/sandbox/guest-programs.ts reads them.
 *
 *   node scripts/build-sandbox.mjs                    → dist/src/sandbox/guest-bundles (npm run build)
 *   node scripts/build-sandbox.mjs --out DIR --child  → also bundles the child process itself into
 *                                                       DIR/sandbox-child.js (used by sandbox.ts when
 *                                                       it runs from source, e.g. under Jest)
 *
 * A guest program may import only other files of src/sandbox/guest (types from packages are
 * fine: they vanish), so nothing of the host can end up inside an isolate.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sandboxDir = join(root, 'src', 'sandbox');
const defaultGuestDir = join(sandboxDir, 'guest');

/** The guest programs, in the order an isolate runs them (see child/isolates.ts). */
export const GUEST_PROGRAMS = ['shim', 'weight-hook', 'model-runner', 'coding-runner'];

/** Refuses any import that leaves the guest folder. */
const guestOnly = (guestDir) => ({
  name: 'guest-only',
  setup(context) {
    context.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const target = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      if (!args.path.startsWith('.') || relative(guestDir, target).startsWith('..')) {
        return { errors: [{ text: `a guest program may import only files of src/sandbox/guest, not "${args.path}"` }] };
      }
      return { path: target };
    });
  },
});

export async function buildGuests(outDir, guestDir = defaultGuestDir) {
  const dir = join(outDir, 'guest-bundles');
  mkdirSync(dir, { recursive: true });
  for (const name of GUEST_PROGRAMS) {
    await build({
      entryPoints: [join(guestDir, `${name}.ts`)],
      outfile: join(dir, `${name}.js`),
      bundle: true,
      // A classic script (isolates run scripts, not modules); esbuild keeps it strict, like the module it came from.
      format: 'iife',
      platform: 'neutral',
      target: 'es2022',
      legalComments: 'none',
      plugins: [guestOnly(guestDir)],
      logLevel: 'error',
    });
  }
}

/** The child process as one ES module; packages stay imports (isolated-vm is native). */
export async function buildChild(outDir) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  await build({
    entryPoints: [join(sandboxDir, 'sandbox-child.ts')],
    outfile: join(outDir, 'sandbox-child.js'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'error',
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(root, 'dist', 'src', 'sandbox') },
      child: { type: 'boolean' },
      // Another folder of guest programs (the spec checks the import rule with one).
      'guest-dir': { type: 'string', default: defaultGuestDir },
    },
  });
  const outDir = resolve(values.out);
  await buildGuests(outDir, resolve(values['guest-dir']));
  if (values.child) await buildChild(outDir);
}
