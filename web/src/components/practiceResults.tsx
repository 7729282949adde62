import { useTranslation } from 'react-i18next';
import type { CheckModelMutation, RunVisibleTestsMutation } from '../gql/graphql';

type Check = CheckModelMutation['checkModel'];
type Run = RunVisibleTestsMutation['runVisibleTests'];
type CodeError = NonNullable<Check['error']>;

/** What the code printed, bounded by the server; a cut is said so (the server's last line, plus a note). */
export function ConsoleOutput({ text, truncated }: { text: string | null | undefined; truncated?: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="console" data-testid="console-output">
      <h3>{t('console.title')}</h3>
      {text ? <pre tabIndex={0}>{text}</pre> : <p className="empty">{t('console.empty')}</p>}
      {truncated && <p className="hint">{t('console.truncated')}</p>}
    </section>
  );
}

/** A compile or runtime error with where it was (the editor marks the same place). */
export function CodeErrorLine({ error }: { error: CodeError }) {
  const { t } = useTranslation();
  return (
    <p className="error" role="alert" data-testid="code-error">
      <strong>{t(`codeError.${error.code}`, { defaultValue: error.code })}</strong>
      {error.line ? ` (${t('codeError.at', { line: error.line, column: error.column ?? 1 })})` : ''}: {error.message}
    </p>
  );
}

/** Check: the model's summary (each layer, output shape, parameters) against the budget, or why not. */
export function CheckResult({ result }: { result: Check }) {
  const { t } = useTranslation();
  const s = result.summary;
  return (
    <section className="practice-result" data-testid="check-result" aria-live="polite">
      <h2>
        {result.ok ? t('check.ok') : t('check.notOk')}{' '}
        <span className="hint">{t('check.millis', { n: result.millis })}</span>
      </h2>
      {result.error && <CodeErrorLine error={result.error} />}
      {result.refusals.length > 0 && (
        <ul className="refusals" data-testid="check-refusals">
          {result.refusals.map((r, i) => (
            <li key={i}>
              <code>{r.path}</code>: {r.message}
            </li>
          ))}
        </ul>
      )}
      {s && (
        <table className="facts layers">
          <caption>{t('check.summary')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('check.layer')}</th>
              <th scope="col">{t('check.class')}</th>
              <th scope="col">{t('check.outputShape')}</th>
              <th scope="col">{t('check.params')}</th>
            </tr>
          </thead>
          <tbody>
            {s.layers.map((l) => (
              <tr key={l.name}>
                <th scope="row">{l.name}</th>
                <td>{l.className}</td>
                <td>
                  <code>{l.outputShape}</code>
                </td>
                <td>{l.params.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className={s.withinParamBudget ? '' : 'over'}>
              <th scope="row" colSpan={3}>
                {t('check.total')}
              </th>
              <td data-testid="check-total">
                {t('check.ofBudget', { n: s.totalParams.toLocaleString(), max: s.maxParams.toLocaleString() })}
              </td>
            </tr>
            <tr>
              <th scope="row" colSpan={3}>
                {t('check.plan')}
              </th>
              <td>
                {t('check.planLine', {
                  epochs: s.epochs ?? '—',
                  maxEpochs: s.maxEpochs,
                  batch: s.batchSize ?? '—',
                  maxBatch: s.maxBatchSize,
                  optimizer: s.optimizer ?? '—',
                  loss: s.loss ?? '—',
                })}
              </td>
            </tr>
          </tfoot>
        </table>
      )}
      <ConsoleOutput text={result.console.text} truncated={result.console.truncated} />
    </section>
  );
}

function parseArray(text: string | null): unknown[] | null {
  try {
    const v: unknown = text === null ? null : JSON.parse(text);
    return Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

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
            {differs[i] ? <mark>{JSON.stringify(v)}</mark> : JSON.stringify(v)}
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

/** Run: each visible test with input, expected and got, and what it printed. */
export function RunResult({ result }: { result: Run }) {
  const { t } = useTranslation();
  return (
    <section className="practice-result" data-testid="run-result" aria-live="polite">
      <h2>
        {t('run.summary', { passed: result.passed, total: result.total })}{' '}
        <span className="hint">
          {t('run.hidden', { count: result.hiddenTestCount })} · {t('check.millis', { n: result.millis })}
        </span>
      </h2>
      {result.error && <CodeErrorLine error={result.error} />}
      <table className="facts tests run-tests">
        <caption>{t('run.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('exercise.testName')}</th>
            <th scope="col">{t('run.result')}</th>
          </tr>
        </thead>
        <tbody>
          {result.results.map((r) => (
            <tr key={r.name} className={r.passed ? 'passed' : 'failed'} data-testid="run-test">
              <th scope="row">{r.name}</th>
              <td>
                <span className={`status status-${r.passed ? 'PASSED' : 'FAILED'}`}>
                  {t(r.passed ? 'run.passed' : 'run.failed')}
                </span>
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
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ConsoleOutput text={result.console.text} truncated={result.console.truncated} />
    </section>
  );
}
