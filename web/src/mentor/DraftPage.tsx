import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Loading } from '../components/status';
import {
  DeleteExerciseDraftDocument,
  ExerciseDraftDocument,
  PublishExerciseDocument,
  RetireExerciseDocument,
} from '../gql/graphql';
import { DraftStatus } from './DraftStatus';
import { inLanguage } from './localized-text';
import { Preview } from './Preview';
import { StaffError } from './StaffError';
import { ValidationPanel } from './ValidationPanel';

/** One exercise: its state, the actions on it, its validation and a preview as candidates see it. */
export function DraftPage() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ExerciseDraftDocument,
    variables: { slug },
    requestPolicy: 'network-only',
  });
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  const [publishing, publish] = useMutation(PublishExerciseDocument);
  const [retiring, retire] = useMutation(RetireExerciseDocument);
  const [deleting, remove] = useMutation(DeleteExerciseDraftDocument);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const d = data?.exerciseDraft;
  if (!d)
    return (
      <section>
        <h1 tabIndex={-1}>{slug}</h1>
        {error && <StaffError error={error} />}
        {fetching && <Loading />}
      </section>
    );
  const mine = !!d.content;
  const isDraft = d.status === 'DRAFT';
  const actionError = publishing.error ?? retiring.error ?? deleting.error;
  return (
    <section className="draft-page">
      <p className="crumbs">
        <Link to="/mentor">{t('mentor.mine.nav')}</Link> › {d.slug}
      </p>
      <h1 tabIndex={-1}>{(d.content && inLanguage(d.content.title, i18n.language)) || d.title}</h1>
      <p className="lead">
        <DraftStatus draft={d} /> {t('mentor.draft.version', { v: d.version })} ·{' '}
        {t('mentor.mine.assessmentCounts', { live: d.liveAssessmentCount, total: d.assessmentExposures })}
      </p>
      {d.liveAssessmentCount > 0 && (
        <p className="warning" role="note">
          {t('mentor.editor.liveWarning', { count: d.liveAssessmentCount })}
        </p>
      )}
      {d.fromRepository && (
        <p className="notice" role="note">
          {t('mentor.editor.fromRepository')} <Link to="/mentor/repository">{t('mentor.repository.duplicate')}</Link>
        </p>
      )}
      {mine && (
        <div className="toolbar" role="group" aria-label={t('mentor.draft.actions')}>
          <Link className="button" to={`/mentor/exercises/${d.slug}/edit`}>
            {isDraft ? t('mentor.draft.edit') : t('mentor.draft.editNext')}
          </Link>
          <Link className="button" to={`/mentor/exercises/${d.slug}/versions`}>
            {t('mentor.draft.versions')}
          </Link>
          {isDraft && (
            <button
              type="button"
              className="primary"
              disabled={publishing.fetching || !(d.lastValidation?.status === 'PASSED' && d.lastValidation.current)}
              onClick={() => void publish({ slug }).then(reload)}
            >
              {t('mentor.draft.publish')}
            </button>
          )}
          {!isDraft && (
            <button
              type="button"
              disabled={retiring.fetching}
              onClick={() => void retire({ slug, retired: !d.retired }).then(reload)}
            >
              {d.retired ? t('mentor.draft.restore') : t('mentor.draft.retire')}
            </button>
          )}
          {isDraft && !confirmDelete && (
            <button type="button" onClick={() => setConfirmDelete(true)}>
              {t('mentor.draft.delete')}
            </button>
          )}
          {isDraft && confirmDelete && (
            <span className="confirm" role="alert">
              {t(d.version === 1 ? 'mentor.draft.confirmDeleteAll' : 'mentor.draft.confirmDelete', { v: d.version })}{' '}
              <button
                type="button"
                className="danger"
                onClick={() =>
                  void remove({ slug }).then((r) => {
                    if (!r.error) navigate(d.version === 1 ? '/mentor' : `/mentor/exercises/${slug}`);
                    if (!r.error && d.version > 1) reload();
                  })
                }
              >
                {t('mentor.draft.confirm')}
              </button>{' '}
              <button type="button" onClick={() => setConfirmDelete(false)}>
                {t('mentor.draft.cancel')}
              </button>
            </span>
          )}
        </div>
      )}
      {d.retired && <p className="notice">{t('mentor.draft.retiredNote')}</p>}
      {actionError && <StaffError error={actionError} />}
      {mine && <ValidationPanel slug={d.slug} last={d.lastValidation} canValidate={isDraft} onFinished={reload} />}
      {d.content && <Preview content={d.content} />}
    </section>
  );
}
