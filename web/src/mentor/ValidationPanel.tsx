import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ExerciseValidationDocument, ValidateExerciseDocument, type ValidationFieldsFragment } from '../gql/graphql';
import { StaffError } from './StaffError';

const FINAL = ['PASSED', 'FAILED', 'ERROR'];

/**
 * Starts a validation run and follows it live (polled every 1.5 s while queued or running): the
 * status, then per part (reference, starter, baseline) whether it did what it must, and why.
 */
export function ValidationPanel(props: {
  slug: string;
  last: ValidationFieldsFragment | null;
  canValidate: boolean;
  onFinished: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [runId, setRunId] = useState<string | null>(null);
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
      </div>
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
                <th scope="row">{t(`mentor.validation.solution.${r.solution}`, { defaultValue: r.solution })}</th>
                <td>{t(r.mustPass ? 'mentor.validation.mustPass' : 'mentor.validation.mustFail')}</td>
                <td>
                  <span className={`status status-${r.ok ? 'PASSED' : 'FAILED'}`}>
                    {t(r.ok ? 'mentor.validation.ok' : 'mentor.validation.notOk')}
                  </span>
                  {r.accuracy !== null && ` · ${(r.accuracy * 100).toFixed(1)} %`}
                </td>
                <td lang="en">{r.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {run?.reason && FINAL.includes(run.status) && (
        <p className="reason">
          <span>{t('mentor.validation.reason')}</span> <span lang="en">{run.reason}</span>
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
