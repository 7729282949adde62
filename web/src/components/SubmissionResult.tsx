import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubmissionResultFieldsFragment, TestResultsFieldsFragment } from '../gql/graphql';
import { ConsoleOutput } from './practiceResults';
import { AccuracyInterval, ConfusionMatrix, MseAgainstThreshold, PerClassBars, TrainTestGap } from './results';
import { Loading } from './status';
import { TestResults } from './TestResults';

const Markdown = lazy(() => import('./Markdown'));

type Level = 2 | 3 | 4;

/**
 * A finished submission's result, the same on the candidate's page and in the hiring manager's
 * report: the grade; CODING, each visible test (failed first, opened) and the hidden ones counted;
 * MODEL, the accuracy interval against the threshold (and the train − test gap where the grader
 * bounds it), numbers, per-class bars and the confusion matrix, or for a reconstruction exercise
 * the test MSE against its threshold; the feedback; what the code printed; the code. A quiz has answers, not code: no listing.
 * `level` is the heading level of its sections under the caller's own heading.
 */
export function SubmissionResult(props: {
  submission: SubmissionResultFieldsFragment;
  /** CODING, once graded (`Submission.testResults`); null for other types and older grades. */
  testResults: TestResultsFieldsFragment | null | undefined;
  /** When the grade does not carry one (older grades): the exercise's. */
  threshold?: number | null;
  /** Likewise the exercise's largest train − test gap, for threshold-and-gap grades. */
  maxGap?: number | null;
  codeOpen?: boolean;
  level?: Level;
}) {
  const { t } = useTranslation();
  const { submission: s, level = 2 } = props;
  const H = `h${level}` as const;
  const grade = s.grade;
  const ev = s.evaluation;
  const quiz = s.language === 'QUIZ_ANSWERS';
  return (
    <div className="final submission-result">
      {s.reason && !grade && <p className="reason">{s.reason}</p>}
      {grade && (
        <p className={`grade ${grade.passed ? 'passed' : 'failed'}`} data-testid="grade-summary">
          {grade.summary}
        </p>
      )}
      {props.testResults && <CodingTests tests={props.testResults} level={level} />}
      {s.reconstruction && (
        <MseAgainstThreshold
          count={s.reconstruction.count}
          mse={s.reconstruction.mse}
          low={s.reconstruction.mseLow}
          high={s.reconstruction.mseHigh}
          threshold={grade?.threshold ?? props.threshold ?? null}
        />
      )}
      {ev && (
        <>
          <AccuracyInterval
            accuracy={ev.accuracy}
            low={ev.accuracyLow}
            high={ev.accuracyHigh}
            threshold={grade?.threshold ?? props.threshold ?? null}
          />
          {ev.trainAccuracy !== null && ev.trainAccuracy !== undefined && (
            <TrainTestGap
              train={ev.trainAccuracy}
              trainCount={ev.trainCount ?? 0}
              test={ev.accuracy}
              maxGap={grade?.maxGap ?? props.maxGap ?? null}
            />
          )}
          <dl className="numbers">
            {s.paramCount !== null && (
              <>
                <dt>{t('submission.params')}</dt>
                <dd>{s.paramCount.toLocaleString()}</dd>
              </>
            )}
            {s.trainingSeconds !== null && (
              <>
                <dt>{t('submission.trainingSeconds')}</dt>
                <dd>{t('exercise.seconds', { n: s.trainingSeconds.toFixed(1) })}</dd>
              </>
            )}
            {s.engine && (
              <>
                <dt>{t('submission.engine')}</dt>
                <dd>{s.engine}</dd>
              </>
            )}
          </dl>
          <div className="result-charts">
            <PerClassBars names={ev.classNames} values={ev.perClassAccuracy} />
            <ConfusionMatrix names={ev.classNames} matrix={ev.confusion} />
          </div>
        </>
      )}
      {/* A coding grade's feedback says in words what the test table shows: one or the other. */}
      {grade && grade.feedback.length > 0 && !props.testResults && (
        <section className="feedback-section">
          <H>{t('submission.feedback')}</H>
          <ul className="feedback" data-testid="feedback">
            {grade.feedback.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        </section>
      )}
      {s.consoleOutput !== null && !quiz && <ConsoleOutput text={s.consoleOutput} level={level} />}
      {!quiz && (
        <SubmissionCode
          code={s.code}
          language={s.language}
          errorLine={s.errorLine}
          errorColumn={s.errorColumn}
          open={props.codeOpen}
        />
      )}
    </div>
  );
}

/** Visible tests passed out of all, the hidden ones counted, then the table. */
function CodingTests({ tests, level }: { tests: TestResultsFieldsFragment; level: Level }) {
  const { t } = useTranslation();
  const H = `h${level}` as const;
  const passed = tests.visible.filter((r) => r.passed).length;
  const { hidden } = tests;
  return (
    <section className="submission-tests" data-testid="submission-tests">
      <H>
        {t('run.summary', { passed, total: tests.visible.length })}
        {hidden.total > 0 && (
          <>
            {' · '}
            <span data-testid="hidden-count">{t('submission.hiddenCount', hidden)}</span>
          </>
        )}
      </H>
      {hidden.total > 0 && <p className="hint">{t('submission.hiddenOnlyCounted')}</p>}
      {passed === tests.visible.length && hidden.passed < hidden.total && (
        <p className="hint">{t('submission.hiddenHint')}</p>
      )}
      <TestResults tests={tests.visible} caption={t('run.caption')} />
    </section>
  );
}

/**
 * The submitted code in a fold, highlighted; with a compile or runtime error's line known, the
 * listing is numbered and that line marked instead (and the fold opened).
 */
export function SubmissionCode(props: {
  code: string;
  language: string;
  errorLine: number | null;
  errorColumn: number | null;
  open?: boolean;
}) {
  const { t } = useTranslation();
  const { code, errorLine, errorColumn } = props;
  // A fence longer than any run of backticks in the code, so the code cannot close it.
  const fence = '`'.repeat(Math.max(3, ...[...code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const lang = props.language === 'KERAS_JSON' ? 'json' : props.language.toLowerCase();
  return (
    <details className="code" open={props.open || errorLine !== null}>
      <summary>{t('submission.code')}</summary>
      {errorLine !== null && (
        <p className="error" data-testid="error-location">
          {t('submission.errorAt', { line: errorLine, column: errorColumn ?? 1 })}
        </p>
      )}
      {errorLine !== null ? (
        <pre tabIndex={0}>
          <code>
            {code.split('\n').map((text, i) => (
              <span
                key={i}
                className={i + 1 === errorLine ? 'code-line error-line' : 'code-line'}
                data-line={i + 1}
                aria-current={i + 1 === errorLine ? 'true' : undefined}
              >
                {text}
                {'\n'}
              </span>
            ))}
          </code>
        </pre>
      ) : (
        <Suspense fallback={<Loading />}>
          <Markdown source={`${fence}${lang}\n${code}\n${fence}`} />
        </Suspense>
      )}
    </details>
  );
}
