import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { Loading } from '../components/status';
import { ExerciseValidationDocument, ValidateExerciseDocument, type ValidationFieldsFragment } from '../gql/graphql';
import { inLanguage } from './localized-text';
import { StaffError } from './StaffError';

// The candidates' live curve (the submission page's), loaded lazily as there.
const Curves = lazy(() => import('../components/Curves'));

const FINAL = ['PASSED', 'FAILED', 'ERROR'];

/**
 * Starts a validation run and follows it live (polled every 1.5 s while queued or running): the
 * status, the part being checked (and the epoch and batch while it trains), each trained
 * solution's loss and accuracy curves, then per part (reference, starter, baseline) whether it
 * did what it must, and why.
 */
export function ValidationPanel(props: {
  slug: string;
  last: ValidationFieldsFragment | null;
  canValidate: boolean;
  onFinished: () => void;
}) {
  const { t, i18n } = useTranslation();
  const partName = (solution: string) => t(`mentor.validation.solution.${solution}`, { defaultValue: solution });
  // A run still going when the page opens is followed too, not only one started here.
  const [runId, setRunId] = useState<string | null>(
    props.last && !FINAL.includes(props.last.status) ? props.last.id : null,
  );
  const [started, validate] = useMutation(ValidateExerciseDocument);
  const [polled, poll] = useQuery({
    query: ExerciseValidationDocument,
    variables: { id: runId ?? '' },
    pause: !runId,
    requestPolicy: 'network-only',
  });
  const run = (runId ? (polled.data?.exerciseValidation ?? started.data?.validateExercise) : null) ?? props.last;
  const live = !!run && !FINAL.includes(run.status);
  const { onFinished } = props;
  // Once per run: the page reloads the draft (publishing depends on the result).
  const [reported, setReported] = useState<string | null>(null);
  useEffect(() => {
    if (!runId || !run) return;
    if (!FINAL.includes(run.status)) {
      const timer = setTimeout(() => poll({ requestPolicy: 'network-only' }), 1500);
      return () => clearTimeout(timer);
    }
    if (reported !== runId) {
      setReported(runId);
      onFinished();
    }
  }, [runId, run, poll, onFinished, reported]);

  return (
    <section className="validation" aria-labelledby="validation-heading">
      <h2 id="validation-heading">{t('mentor.validation.title')}</h2>
      <p className="hint">{t('mentor.validation.intro')}</p>
      {props.canValidate && (
        <button
          type="button"
          disabled={started.fetching || live}
          onClick={() =>
            void validate({ slug: props.slug }).then((r) => r.data && setRunId(r.data.validateExercise.id))
          }
        >
          {t('mentor.validation.run')}
        </button>
      )}
      {started.error && <StaffError error={started.error} />}
      {polled.error && <StaffError error={polled.error} />}
      <div role="status" aria-live="polite" data-testid="validation-status">
        {run ? (
          <p>
            <span className={`status status-${run.status}`}>{t(`mentor.validation.status.${run.status}`)}</span>{' '}
            {t('mentor.validation.ofVersion', { v: run.version })}
            {!run.current && FINAL.includes(run.status) && <> · {t('mentor.validation.stale')}</>}
            {live && <span className="running"> {t('mentor.validation.live')}</span>}
          </p>
        ) : (
          <p>{t('mentor.validation.none')}</p>
        )}
        {live && run.progress && (
          <p data-testid="validation-progress">
            {t('mentor.validation.progress', { part: partName(run.progress.solution) })} ·{' '}
            {t(`mentor.validation.progressStage.${run.progress.stage}`, {
              epoch: run.progress.epoch ?? '',
              batch: run.progress.batch ?? '',
              batches: run.progress.batchesInEpoch ?? '',
            })}
          </p>
        )}
      </div>
      {run && run.epochs.length > 0 && <ValidationCurves epochs={run.epochs} partName={partName} />}
      {run && run.results.length > 0 && (
        <table className="staff-table" data-testid="validation-results">
          <caption>{t('mentor.validation.parts')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('mentor.validation.part')}</th>
              <th scope="col">{t('mentor.validation.must')}</th>
              <th scope="col">{t('mentor.validation.result')}</th>
              <th scope="col">{t('mentor.validation.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {run.results.map((r) => (
              <tr key={r.solution}>
                <th scope="row">{partName(r.solution)}</th>
                <td>{t(r.mustPass ? 'mentor.validation.mustPass' : 'mentor.validation.mustFail')}</td>
                <td>
                  <span className={`status status-${r.ok ? 'PASSED' : 'FAILED'}`}>
                    {t(r.ok ? 'mentor.validation.ok' : 'mentor.validation.notOk')}
                  </span>
                  {r.accuracy !== null && ` · ${(r.accuracy * 100).toFixed(1)} %`}
                </td>
                <td>{inLanguage(r.summaryText, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {run?.reasonText && FINAL.includes(run.status) && (
        <p className="reason">
          <span>{t('mentor.validation.reason')}</span> <span>{inLanguage(run.reasonText, i18n.language)}</span>
        </p>
      )}
      {run?.finishedAt && (
        <p className="hint">
          {t('mentor.validation.finishedAt', { at: new Date(run.finishedAt).toLocaleString(i18n.language) })}
        </p>
      )}
    </section>
  );
}

/** Per trained solution (reference, baseline…), its loss and accuracy curves, train against validation. */
function ValidationCurves(props: {
  epochs: ValidationFieldsFragment['epochs'];
  partName: (solution: string) => string;
}) {
  const { t } = useTranslation();
  const solutions = [...new Set(props.epochs.map((e) => e.solution))];
  return (
    <Suspense fallback={<Loading />}>
      {solutions.map((solution) => {
        const mine = props.epochs.filter((e) => e.solution === solution);
        const points = (train: 'loss' | 'accuracy', val: 'valLoss' | 'valAccuracy') =>
          mine.map((e) => ({ epoch: e.epoch, train: e[train] ?? null, validation: e[val] ?? null }));
        return (
          <section key={solution} className="validation-curves" data-testid={`validation-curves-${solution}`}>
            <h3>{t('mentor.validation.curves', { part: props.partName(solution) })}</h3>
            <div className="curves">
              <Curves
                title={t('submission.loss')}
                points={points('loss', 'valLoss')}
                trainLabel={t('submission.train')}
                valLabel={t('submission.validation')}
                epochLabel={t('submission.epoch')}
              />
              <Curves
                title={t('submission.accuracy')}
                points={points('accuracy', 'valAccuracy')}
                trainLabel={t('submission.train')}
                valLabel={t('submission.validation')}
                epochLabel={t('submission.epoch')}
              />
            </div>
          </section>
        );
      })}
    </Suspense>
  );
}
