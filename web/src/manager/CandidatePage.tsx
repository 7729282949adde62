import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { CurvePair } from '../components/CurvePair';
import { SubmissionResult } from '../components/SubmissionResult';
import { Empty, Loading } from '../components/status';
import {
  CandidateReportDocument,
  CandidateTestResultsDocument,
  type ReportAttemptFieldsFragment,
  type TestResultsFieldsFragment,
} from '../gql/graphql';
import { ReviewForm } from './ReviewForm';
import { SimilarityPanel } from './SimilarityPanel';
import { duration, ManagerError, score, useDate } from './shared';

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
  // Asked apart: one query with both would pass the API's cost limit (see manager.graphql).
  const [tests] = useQuery({ query: CandidateTestResultsDocument, variables: { invitationId } });
  const testsById = new Map(tests.data?.candidateReport.submissions.map((s) => [s.id, s.testResults]));
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
                  <Attempt key={s.id} s={s} n={i + 1} testResults={testsById.get(s.id)} />
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

function Attempt(props: {
  s: ReportAttemptFieldsFragment;
  n: number;
  testResults: TestResultsFieldsFragment | null | undefined;
}) {
  const { s, n } = props;
  const { t } = useTranslation();
  const date = useDate({ seconds: true });
  const seconds =
    s.startedAt && s.finishedAt ? Math.round((Date.parse(s.finishedAt) - Date.parse(s.startedAt)) / 1000) : null;
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
      <CurvePair epochs={s.epochs.filter((e) => !e.partial)} />
      {/* What the candidate saw on their own submission page, test by test, code included. */}
      <SubmissionResult submission={s} testResults={props.testResults} codeOpen={n === 1} level={4} />
    </li>
  );
}
