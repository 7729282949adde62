import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { AccuracyInterval, ConfusionMatrix } from '../components/results';
import { Empty, Loading } from '../components/status';
import { CandidateReportDocument, type ReportAttemptFieldsFragment } from '../gql/graphql';
import { ReviewForm } from './ReviewForm';
import { SimilarityPanel } from './SimilarityPanel';
import { duration, ManagerError, score, useDate } from './shared';

const Curves = lazy(() => import('../components/Curves'));
const Markdown = lazy(() => import('../components/Markdown'));

/**
 * One candidate's report: their row, every attempt in order (code highlighted, curves,
 * confusion matrix, feedback, timings), practice refused during the attempt listed apart,
 * similarity flags involving them with a diff, and the reviewer's own scorecard.
 */
export function CandidatePage() {
  const { id = '', invitationId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const date = useDate();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: CandidateReportDocument,
    variables: { invitationId, locale: i18n.language },
  });
  const report = data?.candidateReport;
  const c = report?.candidate;
  return (
    <section className="manager">
      <p>
        <Link to={`/manager/assessments/${id}`}>{t('manager.candidate.back')}</Link>
      </p>
      <h1 tabIndex={-1}>{c ? (c.displayName ?? c.email) : t('manager.candidate.title')}</h1>
      {error && <ManagerError error={error} />}
      {!data && fetching && <Loading />}
      {report && c && (
        <>
          <dl className="facts">
            <dt>{t('manager.fields.email')}</dt>
            <dd>{c.email}</dd>
            <dt>{t('manager.invitations.state')}</dt>
            <dd>{t(`manager.state.${c.state}`)}</dd>
            <dt>{t('manager.invitations.startedAt')}</dt>
            <dd>{date(c.startedAt)}</dd>
            <dt>{t('manager.invitations.deadlineAt')}</dt>
            <dd>{date(c.deadlineAt)}</dd>
            <dt>{t('manager.results.timeUsed')}</dt>
            <dd>{duration(c.timeUsedSeconds)}</dd>
            <dt>{t('manager.results.total')}</dt>
            <dd data-testid="candidate-total">
              {score(c.totalScore)} ({t('manager.results.rank')} {c.rank ?? '—'})
            </dd>
          </dl>

          <section aria-labelledby="attempts-heading">
            <h2 id="attempts-heading">{t('manager.candidate.attempts', { n: report.submissions.length })}</h2>
            {report.submissions.length === 0 ? (
              <Empty>{t('manager.candidate.noAttempts')}</Empty>
            ) : (
              <ol className="attempts">
                {report.submissions.map((s, i) => (
                  <Attempt key={s.id} s={s} n={i + 1} />
                ))}
              </ol>
            )}
          </section>

          <section aria-labelledby="practice-heading" className="practice-refused">
            <h2 id="practice-heading">{t('manager.candidate.practiceTitle')}</h2>
            <p className="hint">{t('manager.candidate.practiceHint')}</p>
            {report.practiceRefusals.length === 0 ? (
              <Empty>{t('manager.candidate.noPractice')}</Empty>
            ) : (
              <ul data-testid="practice-refusals">
                {report.practiceRefusals.map((p, i) => (
                  <li key={i}>
                    {p.exerciseSlug} — {date(p.at)}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <SimilarityPanel assessmentId={id} email={c.email} />
          <ReviewForm candidate={c} onSaved={() => refetch({ requestPolicy: 'network-only' })} />
        </>
      )}
    </section>
  );
}

function Attempt({ s, n }: { s: ReportAttemptFieldsFragment; n: number }) {
  const { t } = useTranslation();
  const date = useDate({ seconds: true });
  const ev = s.evaluation;
  const epochs = s.epochs.filter((e) => !e.partial);
  const point = (train: 'loss' | 'accuracy', val: 'valLoss' | 'valAccuracy') =>
    epochs.map((e) => ({ epoch: e.epoch, train: e[train] ?? null, validation: e[val] ?? null }));
  const seconds =
    s.startedAt && s.finishedAt ? Math.round((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000) : null;
  // A fence longer than any run of backticks in the code, so the code cannot close it.
  const fence = '`'.repeat(Math.max(3, ...[...s.code.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  const lang = s.language === 'KERAS_JSON' || s.language === 'QUIZ_ANSWERS' ? 'json' : s.language.toLowerCase();
  return (
    <li className="attempt" data-testid="attempt">
      <h3>
        {t('manager.candidate.attempt', { n })}: {s.exerciseSlug} — {t(`status.${s.status}`)}
        {s.grade && ` · ${t('manager.candidate.score', { score: score(s.grade.score) })}`}
      </h3>
      <p className="hint">
        {t('manager.candidate.timing', {
          at: date(s.createdAt),
          seconds: seconds ?? '—',
        })}
        {!s.countsAsAttempt && ` · ${t('manager.candidate.notCounted')}`}
      </p>
      {s.grade && <p className={s.grade.passed ? 'ok' : 'bad'}>{s.grade.summary}</p>}
      {s.reason && !s.grade && <p>{s.reason}</p>}
      {s.grade && s.grade.feedback.length > 0 && (
        <ul className="feedback">
          {s.grade.feedback.map((f, i) => (
            <li key={i}>{f}</li>
          ))}
        </ul>
      )}
      <Suspense fallback={<Loading />}>
        {epochs.length > 0 && (
          <div className="curves">
            <Curves
              title={t('submission.loss')}
              points={point('loss', 'valLoss')}
              trainLabel={t('submission.train')}
              valLabel={t('submission.validation')}
              epochLabel={t('submission.epoch')}
            />
            <Curves
              title={t('submission.accuracy')}
              points={point('accuracy', 'valAccuracy')}
              trainLabel={t('submission.train')}
              valLabel={t('submission.validation')}
              epochLabel={t('submission.epoch')}
            />
          </div>
        )}
        {ev && (
          <>
            <AccuracyInterval
              accuracy={ev.accuracy}
              low={ev.accuracyLow}
              high={ev.accuracyHigh}
              threshold={s.grade?.threshold ?? null}
            />
            <ConfusionMatrix names={ev.classNames} matrix={ev.confusion} />
            {s.paramCount != null && (
              <p>
                {t('submission.params')}: {s.paramCount.toLocaleString()} · {t('submission.trainingSeconds')}:{' '}
                {s.trainingSeconds?.toFixed(1) ?? '—'} s
              </p>
            )}
          </>
        )}
        <details open={n === 1}>
          <summary>{t('submission.code')}</summary>
          <Markdown source={`${fence}${lang}\n${s.code}\n${fence}`} />
        </details>
      </Suspense>
    </li>
  );
}
