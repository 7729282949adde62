import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useClient, useQuery } from 'urql';
import { Loading } from '../components/status';
import { AssessmentCsvDocument, AssessmentReportDocument } from '../gql/graphql';
import { InvitationsPanel } from './InvitationsPanel';
import { ResultsTable } from './ResultsTable';
import { SimilarityPanel } from './SimilarityPanel';
import { ManagerError, useDate, useManagerError } from './shared';

/** One assessment: its facts, invitations, the results table with the CSV, and similarity flags. */
export function AssessmentPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const date = useDate();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: AssessmentReportDocument,
    variables: { assessmentId: id },
  });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const report = data?.assessmentReport;
  return (
    <section className="manager">
      <p>
        <Link to="/manager">{t('manager.back')}</Link>
      </p>
      <h1 tabIndex={-1}>{report?.assessment.title ?? t('manager.assessment.title')}</h1>
      {error && <ManagerError error={error} />}
      {!data && fetching && <Loading />}
      {report && (
        <>
          <dl className="facts">
            <dt>{t('manager.assessment.status')}</dt>
            <dd>{t(`manager.status.${report.assessment.status}`)}</dd>
            <dt>{t('manager.dashboard.window')}</dt>
            <dd>
              {date(report.assessment.opensAt)} – {date(report.assessment.closesAt)}
            </dd>
            <dt>{t('manager.dashboard.timeLimit')}</dt>
            <dd>{t('manager.minutes', { count: report.assessment.timeLimitMinutes })}</dd>
            <dt>{t('manager.dashboard.exercises')}</dt>
            <dd>{report.assessment.exercises.map((e) => `${e.title} (v${e.version})`).join(', ')}</dd>
          </dl>
          <InvitationsPanel
            assessmentId={id}
            closed={report.assessment.status === 'CLOSED'}
            candidates={report.candidates}
            onChange={reload}
          />
          <section aria-labelledby="results-heading">
            <h2 id="results-heading">{t('manager.results.title')}</h2>
            <CsvButton assessmentId={id} title={report.assessment.title} />
            <ResultsTable assessmentId={id} exercises={report.assessment.exercises} candidates={report.candidates} />
          </section>
          <SimilarityPanel assessmentId={id} />
        </>
      )}
    </section>
  );
}

/** Fetches the CSV (same columns as the table, one row per candidate and exercise) and saves it as a file. */
function CsvButton({ assessmentId, title }: { assessmentId: string; title: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const message = useManagerError();
  const [state, setState] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  async function download() {
    setState({ busy: true, error: null });
    const res = await client
      .query(AssessmentCsvDocument, { assessmentId }, { requestPolicy: 'network-only' })
      .toPromise();
    if (res.error || !res.data) return setState({ busy: false, error: res.error ? message(res.error) : null });
    const url = URL.createObjectURL(new Blob([res.data.assessmentCsv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'assessment'}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setState({ busy: false, error: null });
  }
  return (
    <p>
      <button type="button" onClick={() => void download()} disabled={state.busy}>
        {t('manager.results.csv')}
      </button>
      {state.error && (
        <span className="error" role="alert">
          {state.error}
        </span>
      )}
    </p>
  );
}
