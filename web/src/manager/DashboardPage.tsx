import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Empty, Loading } from '../components/status';
import { ManagerAssessmentsDocument, type ManagerAssessmentsQuery } from '../gql/graphql';
import { ManagerError, useDate } from './shared';

type Assessment = ManagerAssessmentsQuery['assessments'][number];
const GROUPS = ['OPEN', 'SCHEDULED', 'CLOSED'] as const;

/** The organisation's assessments, open first, then scheduled (not yet open), then closed, with their counts. */
export function DashboardPage() {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({
    query: ManagerAssessmentsDocument,
    requestPolicy: 'cache-and-network',
  });
  return (
    <section className="manager">
      <h1 tabIndex={-1}>{t('manager.dashboard.title')}</h1>
      <p>
        <Link to="/manager/new" className="button">
          {t('manager.dashboard.new')}
        </Link>
      </p>
      {error && <ManagerError error={error} />}
      {!data && fetching && <Loading />}
      {data && data.assessments.length === 0 && <Empty>{t('manager.dashboard.empty')}</Empty>}
      {data &&
        data.assessments.length > 0 &&
        GROUPS.map((g) => {
          const rows = data.assessments.filter((a) => a.status === g);
          return (
            <section key={g} aria-labelledby={`group-${g}`}>
              <h2 id={`group-${g}`}>
                {t(`manager.status.${g}`)} <span className="count">({rows.length})</span>
              </h2>
              {rows.length === 0 ? (
                <Empty>{t(`manager.dashboard.none.${g}`)}</Empty>
              ) : (
                <AssessmentTable rows={rows} caption={t(`manager.status.${g}`)} />
              )}
            </section>
          );
        })}
    </section>
  );
}

function AssessmentTable({ rows, caption }: { rows: Assessment[]; caption: string }) {
  const { t } = useTranslation();
  const date = useDate();
  return (
    <table className="data" data-testid="assessments">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('manager.dashboard.assessment')}</th>
          <th scope="col">{t('manager.dashboard.window')}</th>
          <th scope="col">{t('manager.dashboard.timeLimit')}</th>
          <th scope="col">{t('manager.dashboard.exercises')}</th>
          <th scope="col">{t('manager.counts.invited')}</th>
          <th scope="col">{t('manager.counts.started')}</th>
          <th scope="col">{t('manager.counts.finished')}</th>
          <th scope="col">{t('manager.counts.revoked')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((a) => (
          <tr key={a.id}>
            <th scope="row">
              <Link to={`/manager/assessments/${a.id}`}>{a.title}</Link>
            </th>
            <td>
              {date(a.opensAt)} – {date(a.closesAt)}
            </td>
            <td>{t('manager.minutes', { count: a.timeLimitMinutes })}</td>
            <td>{a.exercises.length}</td>
            <td>{a.invitationCounts.invited}</td>
            <td>{a.invitationCounts.started}</td>
            <td>{a.invitationCounts.finished}</td>
            <td>{a.invitationCounts.revoked}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
