/**
 * The CODING part of `npm run exercises:validate`: every coding exercise's reference passes all
 * its tests and its starter fails some, in TypeScript (the isolate sandbox) and, where the
 * exercise offers Python (python-entry, starter.py, reference.py), in Python (the bwrap sandbox).
 */
import type { LoadedExercise } from '../src/content/content-loader.js';
import { runCodingSubmission } from '../src/coding/run-coding-exercise.js';

export interface CodingRow {
  exercise: string;
  solution: string;
  passed: number;
  total: number;
  millis: number;
  expected: 'pass' | 'fail';
  verdict: 'ok' | 'WRONG';
  note: string;
}

export async function validateCoding(exercises: LoadedExercise[]): Promise<CodingRow[]> {
  const rows: CodingRow[] = [];
  for (const e of exercises) {
    const tests = e.tests ?? [];
    const runs: {
      solution: string;
      language: 'TYPESCRIPT' | 'PYTHON';
      entry: string;
      code: string;
      expected: 'pass' | 'fail';
    }[] = [
      {
        solution: 'reference.ts',
        language: 'TYPESCRIPT',
        entry: e.file.entry ?? 'default',
        code: e.referenceCode,
        expected: 'pass',
      },
      {
        solution: 'starter.ts',
        language: 'TYPESCRIPT',
        entry: e.file.entry ?? 'default',
        code: e.starterCode,
        expected: 'fail',
      },
    ];
    if (e.python) {
      runs.push({
        solution: 'reference.py',
        language: 'PYTHON',
        entry: e.python.entry,
        code: e.python.referenceCode,
        expected: 'pass',
      });
      runs.push({
        solution: 'starter.py',
        language: 'PYTHON',
        entry: e.python.entry,
        code: e.python.starterCode,
        expected: 'fail',
      });
    }
    for (const r of runs) {
      const run = await runCodingSubmission({ language: r.language, code: r.code, entry: r.entry, tests });
      const allPassed = run.error === undefined && run.passed === run.total;
      // A starter must run (no load error) and fail some tests; a reference must pass them all.
      const ok = r.expected === 'pass' ? allPassed : run.error === undefined && !allPassed;
      const failed = run.results.filter((x) => !x.passed).map((x) => x.name);
      rows.push({
        exercise: e.file.slug,
        solution: r.solution,
        passed: run.passed,
        total: run.total,
        millis: run.millis,
        expected: r.expected,
        verdict: ok ? 'ok' : 'WRONG',
        note: run.error
          ? `${run.error.code}: ${run.error.message}`
          : failed.length && r.expected === 'pass'
            ? `failed: ${failed.slice(0, 3).join(', ')}`
            : '',
      });
    }
  }
  return rows;
}

export function codingTable(rows: CodingRow[]): string {
  const lines = [
    '| exercise | solution | tests passed | ms | expected | verdict | note |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows)
    lines.push(
      `| ${r.exercise} | ${r.solution} | ${r.passed} / ${r.total} | ${r.millis} | ${r.expected} | ${r.verdict} | ${r.note} |`,
    );
  return lines.join('\n');
}
