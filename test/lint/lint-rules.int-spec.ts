/**
 * Each project lint rule fires on a small fixture: `as never`, raw SQL outside a repository,
 * a file over 600 lines (ESLint, eslint.config.js) and an import cycle between two places or
 * a wrong-way import (dependency-cruiser, scripts/check-dependencies.mjs). Fixtures are
 * linted as text under virtual paths or generated into a temporary directory, so the real
 * lint run never sees them. ESLint and the dependency check run in child processes, as
 * `npm run lint` runs them (both load ESM config files Jest's module loader would intercept).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = process.cwd();

interface Finding {
  ruleId: string | null;
  message: string;
}

/** Lints each text as if it were the file at that path in the repository; findings per path. */
function lintTexts(fixtures: Record<string, string>): Record<string, Finding[]> {
  const script = `
    import { ESLint } from 'eslint';
    const fixtures = JSON.parse(process.argv[1]);
    const eslint = new ESLint();
    const out = {};
    for (const [filePath, text] of Object.entries(fixtures)) {
      const [result] = await eslint.lintText(text, { filePath });
      out[filePath] = result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message }));
    }
    process.stdout.write(JSON.stringify(out));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(fixtures)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`eslint child failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Record<string, Finding[]>;
}

describe('ESLint project rules', () => {
  const longFile = Array.from({ length: 601 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
  const fixtures = {
    'src/lint-fixture/cast.ts': 'export const x = JSON.parse("1") as never;\n',
    'src/lint-fixture/fixture.service.ts':
      'export async function f(db: { query(sql: string): Promise<unknown> }) {\n  return db.query("SELECT 1");\n}\n',
    'src/lint-fixture/fixture.repository.ts':
      'export async function f(db: { query(sql: string): Promise<unknown> }) {\n  return db.query("SELECT 1");\n}\n',
    'src/lint-fixture/long.ts': longFile,
    'src/lint-fixture/short.ts': longFile.split('\n').slice(0, 600).join('\n'),
  };
  let findings: Record<string, Finding[]>;
  beforeAll(() => {
    findings = lintTexts(fixtures);
  });

  it('refuses `as never`', () => {
    expect(findings['src/lint-fixture/cast.ts']).toEqual([
      expect.objectContaining({ ruleId: 'no-restricted-syntax', message: expect.stringContaining('as never') }),
    ]);
  });

  it('refuses raw SQL in a service and allows it in a repository', () => {
    expect(findings['src/lint-fixture/fixture.service.ts']).toEqual([
      expect.objectContaining({ ruleId: 'no-restricted-syntax', message: expect.stringContaining('Raw SQL') }),
    ]);
    expect(findings['src/lint-fixture/fixture.repository.ts']).toEqual([]);
  });

  it('refuses a file of 601 lines and accepts one of 600', () => {
    expect(findings['src/lint-fixture/long.ts']).toEqual([expect.objectContaining({ ruleId: 'max-lines' })]);
    expect(findings['src/lint-fixture/short.ts']).toEqual([]);
  });
});

describe('dependency rule (scripts/check-dependencies.mjs)', () => {
  let dir: string;
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  const check = () =>
    spawnSync(process.execPath, [join(ROOT, 'scripts/check-dependencies.mjs')], { cwd: dir, encoding: 'utf8' });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dojo-deps-'));
    copyFileSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    write(
      'tsconfig.json',
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
    );
    write('package.json', JSON.stringify({ type: 'module' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes a tree whose places point one way', () => {
    write('src/users/user.ts', "import { low } from '../common/low.js';\nexport const user = low;\n");
    write('src/common/low.ts', 'export const low = 1;\n');
    const run = check();
    expect(run.stdout).toContain('0 cycles between places');
    expect(run.status).toBe(0);
  });

  it('reports an import cycle between two places, naming both imports', () => {
    write('src/alpha/a.ts', "import { b } from '../beta/b.js';\nexport const a = () => b;\n");
    write('src/beta/b.ts', "import { a } from '../alpha/a.js';\nexport const b = () => a;\n");
    const run = check();
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('no-place-cycle: alpha, beta');
    expect(run.stdout).toContain('src/alpha/a.ts → src/beta/b.ts');
    expect(run.stdout).toContain('src/beta/b.ts → src/alpha/a.ts');
    rmSync(join(dir, 'src/alpha'), { recursive: true });
    rmSync(join(dir, 'src/beta'), { recursive: true });
  });

  it('lets a unit spec in src/ import the unit helpers, and nothing else of test/ (nor src/ code any of it)', () => {
    write('test/support/unit/helper.ts', 'export const helper = 1;\n');
    write('test/support/test-app.ts', 'export const app = 1;\n');
    write(
      'src/users/user.spec.ts',
      "import { helper } from '../../test/support/unit/helper.js';\nexport const s = helper;\n",
    );
    expect(check().status).toBe(0);
    write('src/users/other.spec.ts', "import { app } from '../../test/support/test-app.js';\nexport const s = app;\n");
    write(
      'src/users/code.ts',
      "import { helper } from '../../test/support/unit/helper.js';\nexport const c = helper;\n",
    );
    const run = check();
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('unit-specs-use-unit-support: src/users/other.spec.ts → test/support/test-app.ts');
    expect(run.stdout).toContain('src-stays-in-src: src/users/code.ts → test/support/unit/helper.ts');
    rmSync(join(dir, 'src/users/user.spec.ts'));
    rmSync(join(dir, 'src/users/other.spec.ts'));
    rmSync(join(dir, 'src/users/code.ts'));
    rmSync(join(dir, 'test'), { recursive: true });
  });

  it('reports an engine importing a Nest feature', () => {
    write('src/sandbox/run.ts', "import { user } from '../users/user.js';\nexport const run = user;\n");
    const run = check();
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('engines-below-features');
    expect(run.stdout).toContain('src/sandbox/run.ts → src/users/user.ts');
    rmSync(join(dir, 'src/sandbox'), { recursive: true });
  });
});
