import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Empty, Loading } from '../components/status';
import { DuplicateExerciseAsDraftDocument, TracksDocument } from '../gql/graphql';
import { StaffError } from './StaffError';

/**
 * Exercises from the repository (exercises/) cannot be edited through the API: a mentor
 * duplicates one as a draft of their own and edits that.
 */
export function RepositoryPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [tracks] = useQuery({ query: TracksDocument, variables: { locale: i18n.language } });
  const [dup, duplicate] = useMutation(DuplicateExerciseAsDraftDocument);
  const [source, setSource] = useState('');
  const [newSlug, setNewSlug] = useState('');
  const exercises = (tracks.data?.tracks ?? []).flatMap((tr) =>
    tr.exercises.filter((e) => e.available).map((e) => ({ ...e, track: tr.title })),
  );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await duplicate({ slug: source, newSlug: newSlug.trim() });
    if (res.data) navigate(`/mentor/exercises/${res.data.duplicateExerciseAsDraft.slug}/edit`);
  };
  return (
    <section>
      <h1 tabIndex={-1}>{t('mentor.repository.title')}</h1>
      <p>{t('mentor.repository.intro')}</p>
      {tracks.error && <StaffError error={tracks.error} />}
      {!tracks.data && tracks.fetching && <Loading />}
      {tracks.data && exercises.length === 0 && <Empty>{t('mentor.repository.empty')}</Empty>}
      {exercises.length > 0 && (
        <form className="staff-form" onSubmit={(e) => void submit(e)}>
          <label>
            <span>{t('mentor.repository.source')}</span>
            <select required value={source} onChange={(e) => setSource(e.target.value)}>
              <option value="">{t('mentor.repository.pick')}</option>
              {exercises.map((e) => (
                <option key={e.slug} value={e.slug}>
                  {e.track} · {e.title} ({e.slug})
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('mentor.repository.newSlug')}</span>
            <input
              required
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              maxLength={64}
              value={newSlug}
              onChange={(e) => setNewSlug(e.target.value)}
              aria-describedby="new-slug-hint"
            />
          </label>
          <p id="new-slug-hint" className="hint">
            {t('mentor.editor.slugHint')}
          </p>
          <button type="submit" className="primary" disabled={dup.fetching}>
            {t('mentor.repository.duplicate')}
          </button>
          {dup.error && <StaffError error={dup.error} />}
        </form>
      )}
    </section>
  );
}
