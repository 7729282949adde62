import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Empty, Loading } from '../components/status';
import { MyExercisesDocument } from '../gql/graphql';
import { StaffError } from './StaffError';
import { DraftStatus } from './DraftStatus';
import { inLanguage } from './localized-text';

/** The mentor's own exercises, drafts and published, newest first. */
export function MyExercisesPage() {
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: MyExercisesDocument, requestPolicy: 'cache-and-network' });
  const rows = data?.myExercises ?? [];
  return (
    <section>
      <h1 tabIndex={-1}>{t('mentor.mine.title')}</h1>
      <p className="toolbar">
        <Link className="button primary" to="/mentor/new">
          {t('mentor.mine.new')}
        </Link>
        <Link className="button" to="/mentor/repository">
          {t('mentor.mine.fromRepository')}
        </Link>
      </p>
      {error && <StaffError error={error} />}
      {!data && fetching && <Loading />}
      {data && rows.length === 0 && <Empty>{t('mentor.mine.empty')}</Empty>}
      {rows.length > 0 && (
        <table className="staff-table" data-testid="my-exercises">
          <caption>{t('mentor.mine.caption', { count: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('mentor.mine.exercise')}</th>
              <th scope="col">{t('mentor.mine.version')}</th>
              <th scope="col">{t('mentor.mine.status')}</th>
              <th scope="col">{t('mentor.mine.validation')}</th>
              <th scope="col">{t('mentor.mine.assessments')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.exerciseId}>
                <td>
                  <Link to={`/mentor/exercises/${d.slug}`}>
                    {(d.content && inLanguage(d.content.title, i18n.language)) || d.title}
                  </Link>{' '}
                  <code>{d.slug}</code>
                </td>
                <td>{d.version}</td>
                <td>
                  <DraftStatus draft={d} />
                </td>
                <td>{d.lastValidation ? t(`mentor.validation.status.${d.lastValidation.status}`) : '—'}</td>
                <td>
                  {t('mentor.mine.assessmentCounts', { live: d.liveAssessmentCount, total: d.assessmentExposures })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
