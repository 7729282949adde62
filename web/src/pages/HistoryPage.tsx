import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { useSession } from '../app/session';
import { Pager, pageCount } from '../components/Pager';
import { Empty, ErrorMessage, Loading } from '../components/status';
import { MySubmissionsDocument, TracksDocument, type SubmissionStatus } from '../gql/graphql';

const PAGE = 20;
const STATUSES: SubmissionStatus[] = ['QUEUED', 'RUNNING', 'PASSED', 'FAILED', 'ERROR', 'CANCELLED'];

/** All of the candidate's submissions, filtered by exercise and status, a page at a time. */
export function HistoryPage() {
  const { t, i18n } = useTranslation();
  const { user, checking } = useSession();
  const [tracks] = useQuery({ query: TracksDocument, variables: { locale: i18n.language } });
  const exercises = (tracks.data?.tracks ?? []).flatMap((tr) => tr.exercises.filter((e) => e.available));
  const titles = new Map(exercises.map((e) => [e.slug, e.title]));
  const [slug, setSlug] = useState('');
  const [status, setStatus] = useState<SubmissionStatus | ''>('');
  const [page, setPage] = useState(0);
  // Two submissions of one exercise to compare, curve against curve (id → exercise).
  const [picked, setPicked] = useState<Map<string, string>>(new Map());
  const navigate = useNavigate();
  const toggle = (id: string, exerciseSlug: string, on: boolean) => {
    const next = new Map(picked);
    if (on) next.set(id, exerciseSlug);
    else next.delete(id);
    setPicked(next);
  };
  const pickedIds = [...picked.keys()];
  const comparable = pickedIds.length === 2 && new Set(picked.values()).size === 1;
  const [{ data, fetching, error }] = useQuery({
    query: MySubmissionsDocument,
    variables: {
      exerciseSlug: slug || null,
      status: status ? [status] : null,
      limit: PAGE,
      offset: page * PAGE,
    },
    pause: !user,
    requestPolicy: 'cache-and-network',
  });

  if (!user)
    return (
      <section>
        <h1 tabIndex={-1}>{t('history.title')}</h1>
        {checking ? <Loading /> : <Link to="/signin">{t('history.signIn')}</Link>}
      </section>
    );
  const total = data?.mySubmissionCount ?? 0;
  const pages = pageCount(total, PAGE);
  return (
    <section className="history">
      <h1 tabIndex={-1}>{t('history.title')}</h1>
      {tracks.error && <ErrorMessage error={tracks.error} />}
      <div className="filters">
        <label>
          <span>{t('history.exercise')}</span>
          <select
            value={slug}
            onChange={(e) => {
              setSlug(e.target.value);
              setPage(0);
            }}
          >
            <option value="">{t('history.allExercises')}</option>
            {exercises.map((e) => (
              <option key={e.slug} value={e.slug}>
                {e.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('history.status')}</span>
          <select
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as SubmissionStatus | '');
              setPage(0);
            }}
          >
            <option value="">{t('history.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <ErrorMessage error={error} />}
      {!data && fetching && <Loading />}
      {data && data.mySubmissions.length === 0 && <Empty>{t('history.empty')}</Empty>}
      {data && data.mySubmissions.length > 0 && (
        <>
          <table className="history-table">
            <caption>{t('history.caption', { total })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.when')}</th>
                <th scope="col">{t('history.exercise')}</th>
                <th scope="col">{t('history.status')}</th>
                <th scope="col">{t('history.score')}</th>
                <th scope="col">{t('history.open')}</th>
                <th scope="col">{t('compare.column')}</th>
              </tr>
            </thead>
            <tbody>
              {data.mySubmissions.map((s) => (
                <tr key={s.id}>
                  <td>{new Date(s.createdAt).toLocaleString(i18n.language)}</td>
                  <td>{titles.get(s.exerciseSlug) ?? s.exerciseSlug}</td>
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
                  <td>
                    <input
                      type="checkbox"
                      checked={picked.has(s.id)}
                      onChange={(e) => toggle(s.id, s.exerciseSlug, e.target.checked)}
                      aria-label={t('compare.pickAria', {
                        exercise: titles.get(s.exerciseSlug) ?? s.exerciseSlug,
                        when: new Date(s.createdAt).toLocaleString(i18n.language),
                      })}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="compare-bar">
            <button
              type="button"
              disabled={!comparable}
              onClick={() => navigate(`/history/compare?a=${pickedIds[0]}&b=${pickedIds[1]}`)}
            >
              {t('compare.button')}
            </button>{' '}
            <span className="hint">
              {pickedIds.length === 2 && !comparable ? t('compare.differentExercises') : t('compare.pickTwo')}
            </span>
          </p>
          <Pager page={page} pages={pages} onPage={setPage} label={t('history.pages')} />
        </>
      )}
    </section>
  );
}
