import { useTranslation } from 'react-i18next';
import type { VisibleTestResultFieldsFragment } from '../gql/graphql';

/**
 * An array from its text: `expected` is JSON with NaN and infinities as strings ("NaN"), `got` is
 * rendered for reading with them bare (NaN), so bare ones are read as those strings too.
 */
function parseArray(text: string | null): unknown[] | null {
  try {
    const v: unknown = text === null ? null : JSON.parse(text.replace(/(?<![\w".])(-?Infinity|NaN)(?![\w"])/g, '"$1"'));
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** An entry as written: NaN and the infinities bare, as `got` has them. */
const show = (v: unknown) => (typeof v === 'string' && /^(-?Infinity|NaN)$/.test(v) ? v : JSON.stringify(v));

/** Close enough to count as the same entry (the graders compare floats with a relative tolerance too). */
function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What the function returned; for arrays, the entries that differ from the expected ones marked (a diff). */
function Got({ got, expected }: { got: string; expected: string | null }) {
  const { t } = useTranslation();
  const g = parseArray(got);
  const e = parseArray(expected);
  if (!g || !e) return <code>{got}</code>;
  const differs = g.map((v, i) => i >= e.length || !same(v, e[i]));
  const count = differs.filter(Boolean).length + Math.max(0, e.length - g.length);
  return (
    <>
      <code className="array-diff">
        [
        {g.map((v, i) => (
          <span key={i}>
            {i > 0 && ','}
            {i > 0 && <wbr />}
            {differs[i] ? <mark>{show(v)}</mark> : show(v)}
          </span>
        ))}
        ]
      </code>
      {count > 0 && (
        <p className="hint" data-testid="array-diff">
          {t('run.differs', { count, got: g.length, expected: e.length })}
        </p>
      )}
    </>
  );
}

/**
 * Visible tests one per row, failed ones first and opened (input, expected, got with the differing
 * array entries marked, why, what the call printed); passed ones folded. Used by the editor's Run,
 * the submission page and the manager's report alike.
 */
export function TestResults({ tests, caption }: { tests: VisibleTestResultFieldsFragment[]; caption: string }) {
  const { t } = useTranslation();
  // Failed first; otherwise the exercise's order (the sort is stable).
  const ordered = [...tests].sort((a, b) => Number(a.passed) - Number(b.passed));
  return (
    <table className="facts tests run-tests" data-testid="test-results">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('exercise.testName')}</th>
          <th scope="col">{t('run.result')}</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((r) => (
          <tr key={r.name} className={r.passed ? 'passed' : 'failed'} data-testid="run-test">
            <th scope="row">{r.name}</th>
            <td>
              <details open={!r.passed}>
                <summary>
                  <span className={`status status-${r.passed ? 'PASSED' : 'FAILED'}`}>
                    {t(r.passed ? 'run.passed' : 'run.failed')}
                  </span>
                </summary>
                {r.message && (
                  <p className="hint">
                    {r.line ? `${t('codeError.at', { line: r.line, column: r.column ?? 1 })}: ` : ''}
                    {r.message}
                  </p>
                )}
                {/* Input, expected and got stacked: five columns do not fit beside the editor. */}
                <dl>
                  <dt>{t('exercise.testInput')}</dt>
                  <dd>
                    <code>{r.input}</code>
                  </dd>
                  <dt>{t('exercise.testExpected')}</dt>
                  <dd>{r.expected === null ? t('exercise.throws') : <code>{r.expected}</code>}</dd>
                  <dt>{t('run.got')}</dt>
                  <dd>{r.got === null ? '—' : <Got got={r.got} expected={r.expected} />}</dd>
                </dl>
                {r.console && (
                  <pre className="test-console" tabIndex={0}>
                    {r.console}
                  </pre>
                )}
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
