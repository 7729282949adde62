import { useTranslation } from 'react-i18next';
import type { CheckModelMutation, RunVisibleTestsMutation } from '../gql/graphql';
import { TestResults } from './TestResults';

type Check = CheckModelMutation['checkModel'];
type Run = RunVisibleTestsMutation['runVisibleTests'];
type CodeError = NonNullable<Check['error']>;

/** What the code printed, bounded by the server; a cut is said so (the server's last line, plus a note). */
export function ConsoleOutput(props: { text: string | null | undefined; truncated?: boolean; level?: 2 | 3 | 4 }) {
  const { t } = useTranslation();
  const { text, truncated, level = 3 } = props;
  const H = `h${level}` as const;
  return (
    <section className="console" data-testid="console-output">
      <H>{t('console.title')}</H>
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
      <TestResults tests={result.results} caption={t('run.caption')} />
      <ConsoleOutput text={result.console.text} truncated={result.console.truncated} />
    </section>
  );
}
