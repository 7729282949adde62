import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Empty, ErrorMessage, Loading } from '../components/status';
import { TracksDocument } from '../gql/graphql';
import { useProgress, type ExerciseProgress } from './progress';

/** Every track with its skills and exercises; each exercise marked solved / attempted / new. */
export function TracksPage() {
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: TracksDocument, variables: { locale: i18n.language } });
  const progress = useProgress();
  return (
    <section className="tracks">
      <h1 tabIndex={-1}>{t('tracks.title')}</h1>
      <p className="lead">{t('tracks.lead')}</p>
      {error && <ErrorMessage error={error} />}
      {!data && fetching && <Loading />}
      {data && data.tracks.length === 0 && <Empty>{t('tracks.empty')}</Empty>}
      {data?.tracks.map((track) => (
        <article key={track.slug} className="track" aria-labelledby={`track-${track.slug}`}>
          <h2 id={`track-${track.slug}`}>{track.title}</h2>
          <p>{track.summary}</p>
          {track.skills.length > 0 && (
            <details>
              <summary>{t('tracks.skills', { count: track.skills.length })}</summary>
              <ul className="skills">
                {track.skills.map((s) => (
                  <li key={s.slug}>
                    <strong>{s.title}</strong> — {s.description}
                  </li>
                ))}
              </ul>
            </details>
          )}
          {track.exercises.length === 0 ? (
            <Empty>{t('tracks.noExercises')}</Empty>
          ) : (
            <ul className="exercises">
              {track.exercises.map((e) => (
                <li key={e.slug} className={e.available ? '' : 'planned'}>
                  {e.available ? <Link to={`/exercises/${e.slug}`}>{e.title}</Link> : <span>{e.title}</span>}
                  {e.type && <span className={`badge type-${e.type}`}>{t(`exerciseType.${e.type}`)}</span>}
                  {e.difficulty !== null && (
                    <span className="difficulty">{t('tracks.difficulty', { level: e.difficulty })}</span>
                  )}
                  {!e.available ? (
                    <span className="badge planned">{t('progress.planned')}</span>
                  ) : (
                    progress.known && <ProgressBadge state={progress.of(e.slug)} />
                  )}
                  {e.summary && <p className="summary">{e.summary}</p>}
                </li>
              ))}
            </ul>
          )}
        </article>
      ))}
    </section>
  );
}

function ProgressBadge({ state }: { state: ExerciseProgress }) {
  const { t } = useTranslation();
  return <span className={`badge progress-${state}`}>{t(`progress.${state}`)}</span>;
}
