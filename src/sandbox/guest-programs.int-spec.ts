/**
 * The guest programs (src/sandbox/guest/*.ts) as scripts/build-sandbox.mjs bundles them:
 * self-contained strict scripts that run in a bare isolate, and a build that refuses any
 * import reaching outside the guest folder (host code or a package).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ivm from 'isolated-vm';

const script = join(process.cwd(), 'scripts', 'build-sandbox.mjs');
const work = mkdtempSync(join(tmpdir(), 'guest-programs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the build script; returns its stderr, or '' when it succeeded. */
function bundle(out: string, guestDir?: string): string {
  try {
    execFileSync(process.execPath, [script, '--out', out, ...(guestDir ? ['--guest-dir', guestDir] : [])], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return '';
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}

describe('guest programs', () => {
  it('bundle into strict, self-contained scripts that run in a bare isolate', async () => {
    const out = join(work, 'real');
    expect(bundle(out)).toBe('');
    const read = (name: string) => readFileSync(join(out, 'guest-bundles', `${name}.js`), 'utf8');
    for (const name of ['shim', 'weight-hook', 'model-runner', 'coding-runner']) {
      expect(read(name).startsWith('"use strict";')).toBe(true);
    }
    const isolate = new ivm.Isolate({ memoryLimit: 32 });
    try {
      const context = await isolate.createContext();
      for (const name of ['shim', 'coding-runner']) await (await isolate.compileScript(read(name))).run(context);
      const globals = await context.eval(
        'JSON.stringify([typeof __dojoLoad, typeof __dojoCall, typeof self, typeof require, typeof process, typeof module])',
      );
      expect(JSON.parse(globals as string)).toEqual([
        'function',
        'function',
        'object',
        'undefined',
        'undefined',
        'undefined',
      ]);
    } finally {
      isolate.dispose();
    }
  });

  it.each([
    ['host code', "import { toWire } from '../wire.js';\nexport const leak = toWire;\n"],
    ['a package', "import ivm from 'isolated-vm';\nexport const leak = ivm;\n"],
  ])('may not import %s', (_what, source) => {
    const guestDir = join(work, `guest-${_what.replace(/\W/g, '-')}`);
    mkdirSync(guestDir, { recursive: true });
    writeFileSync(join(guestDir, 'shim.ts'), source);
    expect(bundle(join(work, 'refused'), guestDir)).toMatch(
      /a guest program may import only files of src\/sandbox\/guest/,
    );
  });
});
