import { afterAll, describe, expect, it } from '@jest/globals';
import { SandboxPool } from '../sandbox/sandbox.js';
import { runCodingSubmission } from './run-coding-exercise.js';
import type { CodingTest } from './tests-file.js';

const pool = new SandboxPool({ size: 1 });
afterAll(() => pool.close());

const arrayRule = { kind: 'array', atol: 1e-9 } as const;
const t = (name: string, input: unknown[], expected: unknown, extra: Partial<CodingTest> = {}): CodingTest => ({
  name,
  hidden: false,
  input,
  expected,
  compare: arrayRule,
  ...extra,
});

const run = (code: string, tests: CodingTest[], entry = 'default', limits = {}) =>
  runCodingSubmission({ language: 'TYPESCRIPT', code, entry, tests, pool, limits });

describe('runCodingSubmission', () => {
  it('passes every test of a correct function and gives credit per test', async () => {
    const code =
      'export default function double(xs: number[]): number[] { return xs.map((x) => (x === 3 ? 7 : 2 * x)); }';
    const r = await run(code, [t('one', [[1, 2]], [2, 4]), t('two', [[3]], [6]), t('three', [[]], [])]);
    expect(r.results.map((x) => x.passed)).toEqual([true, false, true]);
    expect(r.score).toBeCloseTo(2 / 3);
    expect(r.passed).toBe(2);
    expect(r.results[1].message).toContain('expected 6, got 7');
  });

  it('calls a named export and reports a missing one as a whole-run error', async () => {
    const code = 'export function add(a: number, b: number) { return a + b; }';
    const ok = await run(code, [t('sum', [1, 2], 3, { compare: { kind: 'integer' } })], 'add');
    expect(ok.passed).toBe(1);
    const missing = await run(code, [t('sum', [1, 2], 3, { compare: { kind: 'integer' } })], 'subtract');
    expect(missing.error?.code).toBe('BAD_RETURN');
    expect(missing.error?.message).toContain('It exports add');
    expect(missing.score).toBe(0);
  });

  it('reports a transposed result as a shape error', async () => {
    const code = 'export default function f() { return [[1, 2], [3, 4], [5, 6]]; }';
    const r = await run(code, [
      t(
        't',
        [],
        [
          [1, 3, 5],
          [2, 4, 6],
        ],
      ),
    ]);
    expect(r.results[0].message).toContain('shape error: expected shape [2, 3], got [3, 2]');
  });

  it('carries NaN and infinities both ways without turning them into null', async () => {
    const code = 'export default function f(xs: number[]) { return xs.map((x) => x * 2).concat([0 / 0]); }';
    const r = await run(code, [t('inf', [[-Infinity, Infinity, 1]], [-Infinity, Infinity, 2, NaN])]);
    expect(r.results[0]).toMatchObject({ passed: true });
  });

  it('treats a non-integer where an integer is expected as wrong, and an integer-valued float as right', async () => {
    const code = 'export default function f(x: number) { return x / 3; }';
    const r = await run(code, [
      t('exact', [6], 2, { compare: { kind: 'integer' } }),
      t('inexact', [7], 2, { compare: { kind: 'integer' } }),
    ]);
    expect(r.results[0].passed).toBe(true);
    expect(r.results[1].message).toContain('not a whole number');
  });

  it('fails only the test whose call loops forever, and goes on with the next', async () => {
    const code = 'export default function f(x: number) { if (x === 2) { for (;;) {} } return x; }';
    const r = await run(
      code,
      [
        t('a', [1], 1, { compare: { kind: 'integer' } }),
        t('b', [2], 2, { compare: { kind: 'integer' } }),
        t('c', [3], 3, { compare: { kind: 'integer' } }),
      ],
      'default',
      {
        cpuMs: 300,
        wallMs: 1000,
      },
    );
    expect(r.results.map((x) => x.passed)).toEqual([true, false, true]);
    expect(r.results[1].message).toMatch(/CPU time/);
  });

  it('passes a throws test only when the function throws', async () => {
    const code = 'export default function f(x: number) { if (x < 0) throw new Error("negative"); return x; }';
    const r = await run(code, [
      { name: 'neg', hidden: false, input: [-1], throws: true, compare: { kind: 'exact' } },
      { name: 'pos', hidden: false, input: [1], throws: true, compare: { kind: 'exact' } },
    ]);
    expect(r.results.map((x) => x.passed)).toEqual([true, false]);
    expect(r.results[1].message).toContain('expected the function to throw');
  });

  it('reports a runtime error with its line, a compile error for the whole run, and undefined returns', async () => {
    const thrower = await run('export default function f(a: number[]) {\n  return (a as any).nope.x;\n}', [
      t('x', [[1]], [1]),
    ]);
    expect(thrower.results[0].message).toMatch(/TypeError.*line 2, column 26/);
    expect(thrower.results[0]).toMatchObject({ line: 2, column: 26 });
    const broken = await run('export default function f( {', [t('x', [[1]], [1])]);
    expect(broken.error).toMatchObject({ code: 'COMPILE_ERROR', line: 1, column: 29 });
    const nothing = await run('export default function f() {}', [t('x', [], [1])]);
    expect(nothing.results[0].message).toContain('undefined');
  });

  it('captures what the code printed, per call and for the whole run, and what it printed before failing to load', async () => {
    const code = [
      'console.log("loading");',
      'export default function f(a: number[]) {',
      '  console.log("got", a);',
      '  if (a.length === 0) { console.error("empty!"); throw new Error("no input"); }',
      '  return a;',
      '}',
    ].join('\n');
    const result = await run(code, [t('one', [[1, 2]], [1, 2]), t('empty', [[]], [])]);
    expect(result.results.map((r) => r.console)).toEqual(['got [1,2]\n', 'got []\nerror: empty!\n']);
    expect(result.results[1]).toMatchObject({ passed: false, line: 4, column: 56 });
    expect(result.console).toEqual({ text: 'loading\ngot [1,2]\ngot []\nerror: empty!\n', truncated: false });

    const broken = await run('console.log("top");\nconst x: any = null;\nx.y = 1;\nexport default function f() {}', [
      t('x', [], [1]),
    ]);
    // Columns are as precise as TypeScript's source map: here the segment " = 1" after x.y.
    expect(broken.error).toMatchObject({ code: 'RUNTIME_ERROR', line: 3, column: 4 });
    expect(broken.console.text).toBe('top\n');
  });

  it('fails only the call that exhausts memory or returns too much, and reports each limit', async () => {
    const code = [
      'export default function f(kind: string) {',
      '  if (kind === "bomb") { const a: number[][] = []; for (;;) a.push(new Array(1e5).fill(1)); }',
      '  if (kind === "big") return new Array(300000).fill(123456789);',
      '  return kind;',
      '}',
    ].join('\n');
    const exact = { compare: { kind: 'exact' } } as const;
    const r = await run(
      code,
      [t('bomb', ['bomb'], 0, exact), t('big', ['big'], 0, exact), t('fine', ['ok'], 'ok', exact)],
      'default',
      {
        memoryMb: 32,
        maxOutputBytes: 64 * 1024,
      },
    );
    expect(r.results.map((x) => x.passed)).toEqual([false, false, true]);
    expect(r.results[0].message).toMatch(/memory/);
    expect(r.results[1].message).toMatch(/return value comes to more than 64 KB/);
  });

  it('reports what came back for a wrong answer, and a returned function as such', async () => {
    const r = await run('export default function f() { return () => 1; }', [t('fn', [], [1])]);
    expect(r.results[0].message).toContain('a function');
    const wrong = await run('export default function f() { return [1, 2, 4]; }', [t('w', [], [1, 2, 3])]);
    expect(wrong.results[0].got).toBe('[1, 2, 4]');
  });
});

describe('a candidate cannot turn a failed test into our error (issue 9)', () => {
  it('escapes a NUL key in a returned object, so the feedback can be stored', async () => {
    // Before: the key was written raw into the message, PostgreSQL refused it, and the job was retried.
    const code = 'export default function f() { return { "\\u0000": 1 }; }';
    const r = await run(code, [t('obj', [], { a: 1 }, { compare: { kind: 'exact' } })]);
    expect(r.error).toBeUndefined();
    expect(r.results[0].passed).toBe(false);
    const stored = `${r.results[0].message} ${r.results[0].got}`;
    expect(stored).not.toContain('\u0000');
    expect(stored).toContain('"\\u0000": 1');
  });

  it('reports 20,000 nested parentheses as a compile error, not a sandbox crash', async () => {
    const code = `export default function f() { return ${'('.repeat(20_000)}1${')'.repeat(20_000)}; }`;
    const r = await run(code, [t('deep', [], 1, { compare: { kind: 'integer' } })]);
    expect(r.error?.code).toBe('COMPILE_ERROR');
    expect(r.error?.message).toContain('nested too deeply');
    expect(r.retryable).toBeUndefined();
  });
});
