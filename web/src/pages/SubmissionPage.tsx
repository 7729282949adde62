import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { CurvePair } from '../components/CurvePair';
import { SubmissionCode, SubmissionResult } from '../components/SubmissionResult';
import { ErrorMessage, Loading } from '../components/status';
import {
  CancelSubmissionDocument,
  ExerciseDocument,
  SubmissionDocument,
  SubmissionUpdatedDocument,
  type SubmissionStage,
  type SubmissionStatus,
  type SubmissionUpdatedSubscription,
} from '../gql/graphql';

const FINAL: SubmissionStatus[] = ['PASSED', 'FAILED', 'ERROR', 'CANCELLED'];
/**
 * While a submission runs the page also re-reads it from the API, so it reaches the result when
 * live updates stop arriving (a dropped WebSocket, a proxy that holds frames): this often while the
 * stream looks healthy, and more often once it has failed.
 */
const POLL_MS = 10_000;
const POLL_MS_WITHOUT_LIVE = 3_000;
const MODEL_STAGES: SubmissionStage[] = ['SANDBOX', 'VALIDATE', 'TRAIN', 'EVALUATE', 'GRADE'];

type Epoch = NonNullable<SubmissionUpdatedSubscription['submissionUpdated']['epoch']>;
interface Live {
  status?: SubmissionStatus;
  stage?: SubmissionStage | null;
  progress?: number | null;
  queuePosition?: number | null;
  estimatedWaitSeconds?: number | null;
  epochs: Epoch[];
}

/** One submission, live while it runs (graphql-ws), then its full result. */
export function SubmissionPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: SubmissionDocument,
    variables: { id, locale: i18n.language },
  });
  const submission = data?.submission;
  const [exerciseResult] = useQuery({
    query: ExerciseDocument,
    variables: { slug: submission?.exerciseSlug ?? '', locale: i18n.language },
    pause: !submission,
  });
  const exercise = exerciseResult.data?.exercise;
  const finalFromQuery = submission ? FINAL.includes(submission.status) : false;
  const [live] = useSubscription<SubmissionUpdatedSubscription, Live>(
    { query: SubmissionUpdatedDocument, variables: { id }, pause: !submission || finalFromQuery },
    (prev = { epochs: [] }, event) => {
      const u = event.submissionUpdated;
      const epochs =
        u.epoch && !u.epoch.partial ? [...prev.epochs.filter((e) => e.epoch !== u.epoch!.epoch), u.epoch] : prev.epochs;
      return {
        status: u.status,
        stage: u.stage ?? prev.stage,
        progress: u.kind === 'PROGRESS' ? u.progress : u.stage !== prev.stage ? null : prev.progress,
        epochs,
      };
    },
  );
  const liveData = live.data;
  // A final state read from the API wins over a live status that may have stopped short of it.
  const status = (finalFromQuery ? submission?.status : (liveData?.status ?? submission?.status)) as
    SubmissionStatus | undefined;
  const isFinal = status ? FINAL.includes(status) : false;

  // When the live stream says it is over, read the stored result (evaluation, grade, feedback).
  useEffect(() => {
    if (liveData?.status && FINAL.includes(liveData.status) && !finalFromQuery)
      refetch({ requestPolicy: 'network-only' });
  }, [liveData?.status, finalFromQuery, refetch]);

  const running = submission !== undefined && submission !== null && !finalFromQuery;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(
      () => refetch({ requestPolicy: 'network-only' }),
      live.error ? POLL_MS_WITHOUT_LIVE : POLL_MS,
    );
    return () => clearInterval(timer);
  }, [running, live.error, refetch]);

  const epochs = useMemo(() => {
    const byEpoch = new Map<number, Epoch>();
    for (const e of submission?.epochs ?? []) if (!e.partial) byEpoch.set(e.epoch, e);
    for (const e of liveData?.epochs ?? []) byEpoch.set(e.epoch, e);
    return [...byEpoch.values()].sort((a, b) => a.epoch - b.epoch);
  }, [submission?.epochs, liveData?.epochs]);

  const [cancelState, cancel] = useMutation(CancelSubmissionDocument);

  if (error)
    return (
      <section>
        <h1 tabIndex={-1}>{t('submission.title')}</h1>
        <ErrorMessage error={error} />
      </section>
    );
  if (!submission) return fetching ? <Loading /> : null;

  const stage = liveData?.stage ?? submission.stage;
  const isModel = exercise ? exercise.type === 'MODEL' : submission.language !== 'QUIZ_ANSWERS' && epochs.length > 0;
  const stages: (SubmissionStatus | SubmissionStage)[] = [
    'QUEUED',
    ...(isModel ? MODEL_STAGES : (['SANDBOX', 'GRADE'] as SubmissionStage[])),
  ];
  const current = status === 'QUEUED' ? 'QUEUED' : stage;
  const currentIndex = isFinal ? stages.length : Math.max(0, stages.indexOf(current ?? 'QUEUED'));

  return (
    <section className="submission">
      <p className="crumbs">
        <Link to={`/exercises/${submission.exerciseSlug}`}>{exercise?.title ?? submission.exerciseSlug}</Link>
      </p>
      <h1 tabIndex={-1}>
        {t('submission.title')}{' '}
        <span className={`status status-${status}`} data-testid="submission-status">
          {t(`status.${status}`)}
        </span>
      </h1>

      <ol className="timeline" aria-label={t('submission.timeline')}>
        {stages.map((s, i) => (
          <li
            key={s}
            className={i < currentIndex ? 'done' : i === currentIndex && !isFinal ? 'current' : 'todo'}
            aria-current={i === currentIndex && !isFinal ? 'step' : undefined}
          >
            {t(`stage.${s}`)}
          </li>
        ))}
      </ol>
      {!isFinal && status === 'QUEUED' && (
        <p className="queue" data-testid="queue-position">
          {(liveData?.queuePosition ?? submission.queuePosition) !== null &&
            (liveData?.queuePosition ?? submission.queuePosition) !== undefined &&
            t('submission.queuePosition', { n: liveData?.queuePosition ?? submission.queuePosition })}
          {(liveData?.estimatedWaitSeconds ?? submission.estimatedWaitSeconds) != null &&
            ` · ${t('submission.waitEstimate', { n: liveData?.estimatedWaitSeconds ?? submission.estimatedWaitSeconds })}`}
        </p>
      )}
      {!isFinal && submission.notice && <p className="notice">{submission.notice}</p>}
      {!isFinal && live.error && (
        <p className="notice" data-testid="live-lost">
          {t('submission.liveLost')}
        </p>
      )}
      {!isFinal && (
        <div className="running">
          {liveData?.progress !== null && liveData?.progress !== undefined && (
            <label>
              <span>{t('submission.progress')}</span>
              <progress max={1} value={liveData.progress} />
            </label>
          )}
          <Elapsed since={submission.startedAt ?? submission.createdAt} budget={exercise?.budget?.wallClockSeconds} />
          {cancelState.error && <ErrorMessage error={cancelState.error} />}
          <button type="button" onClick={() => void cancel({ id: submission.id })} disabled={cancelState.fetching}>
            {t('submission.cancel')}
          </button>
        </div>
      )}

      <CurvePair epochs={epochs} />
      {epochs.length > 0 && (
        <>
          <table className="facts epochs">
            <caption>{t('submission.epochs')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('submission.epoch')}</th>
                <th scope="col">{t('submission.loss')}</th>
                <th scope="col">{t('submission.accuracy')}</th>
                <th scope="col">{t('submission.valLoss')}</th>
                <th scope="col">{t('submission.valAccuracy')}</th>
              </tr>
            </thead>
            <tbody>
              {epochs.map((e) => (
                <tr key={e.epoch}>
                  <th scope="row">{e.epoch}</th>
                  <td>{e.loss?.toFixed(4) ?? '—'}</td>
                  <td>
                    {e.accuracy !== null && e.accuracy !== undefined ? `${(e.accuracy * 100).toFixed(1)} %` : '—'}
                  </td>
                  <td>{e.valLoss?.toFixed(4) ?? '—'}</td>
                  <td>
                    {e.valAccuracy !== null && e.valAccuracy !== undefined
                      ? `${(e.valAccuracy * 100).toFixed(1)} %`
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      {isFinal ? (
        <SubmissionResult
          submission={submission}
          testResults={submission.testResults}
          threshold={exercise?.threshold}
          maxGap={exercise?.maxGap}
        />
      ) : (
        submission.language !== 'QUIZ_ANSWERS' && (
          <SubmissionCode
            code={submission.code}
            language={submission.language}
            errorLine={submission.errorLine}
            errorColumn={submission.errorColumn}
          />
        )
      )}
    </section>
  );
}

function Elapsed({ since, budget }: { since: string; budget?: number }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((now - new Date(since).getTime()) / 1000));
  return (
    <p className="elapsed">
      {budget ? t('submission.elapsedOf', { n: seconds, budget }) : t('submission.elapsed', { n: seconds })}
    </p>
  );
}
