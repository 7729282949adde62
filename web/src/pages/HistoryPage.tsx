import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useSession } from '../app/session';
import { Empty, ErrorMessage, Loading } from '../components/status';
import { MySubmissionsDocument, TracksDocument } from '../gql/graphql';

/** The candidate's submissions, one exercise at a time (the API lists them per exercise). */
export function HistoryPage() {
  const { t, i18n } = useTranslation();
  const { user, checking } = useSession();
  const [tracks] = useQuery({ query: TracksDocument, variables: { locale: i18n.language } });
  const exercises = (tracks.data?.tracks ?? []).flatMap((tr) => tr.exercises.filter((e) => e.available));
  const [slug, setSlug] = useState('');
  const chosen = slug || exercises[0]?.slug || '';
  const [{ data, fetching, error }] = useQuery({
    query: MySubmissionsDocument,
    variables: { exerciseSlug: chosen, limit: 50 },
    pause: !user || !chosen,
    requestPolicy: 'network-only',
  });

  if (!user)
    return (
      <section>
        <h1 tabIndex={-1}>{t('history.title')}</h1>
        {checking ? <Loading /> : <Link to="/signin">{t('history.signIn')}</Link>}
      </section>
    );
  return (
    <section className="history">
      <h1 tabIndex={-1}>{t('history.title')}</h1>
      {tracks.error && <ErrorMessage error={tracks.error} />}
      <label>
        <span>{t('history.exercise')}</span>
        <select value={chosen} onChange={(e) => setSlug(e.target.value)}>
          {exercises.map((e) => (
            <option key={e.slug} value={e.slug}>
              {e.title}
            </option>
          ))}
        </select>
      </label>
      {error && <ErrorMessage error={error} />}
      {!data && fetching && <Loading />}
      {data && data.mySubmissions.length === 0 && <Empty>{t('history.empty')}</Empty>}
      {data && data.mySubmissions.length > 0 && (
        <table className="history-table">
          <caption>{t('history.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('history.when')}</th>
              <th scope="col">{t('history.status')}</th>
              <th scope="col">{t('history.score')}</th>
              <th scope="col">{t('history.open')}</th>
            </tr>
          </thead>
          <tbody>
            {data.mySubmissions.map((s) => (
              <tr key={s.id}>
                <td>{new Date(s.createdAt).toLocaleString(i18n.language)}</td>
                <td>
                  <span className={`status status-${s.status}`}>{t(`status.${s.status}`)}</span>
                </td>
                <td>
                  {s.evaluation
                    ? `${(s.evaluation.accuracy * 100).toFixed(1)} %`
                    : s.grade
                      ? Math.round(s.grade.score)
                      : '—'}
                </td>
                <td>
                  <Link to={`/submissions/${s.id}`} aria-label={t('history.openAria', { id: s.id.slice(0, 8) })}>
                    {t('history.open')}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
