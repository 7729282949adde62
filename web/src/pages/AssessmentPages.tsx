import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { rememberAttempt, useNow } from '../app/attempt';
import { useSession } from '../app/session';
import { ErrorMessage, Loading } from '../components/status';
import {
  AssessmentExerciseDocument,
  MyAssessmentAttemptDocument,
  SaveAssessmentDraftDocument,
  type SubmissionLanguage,
} from '../gql/graphql';
import { Facts } from './ExercisePage';
import { QuizForm } from './QuizForm';
import { Workbench, type Draft } from './Workbench';

const Markdown = lazy(() => import('../components/Markdown'));

/** How long typing pauses before the draft is saved on the server. */
const SAVE_DELAY_MS = 700;

function useAttempt(assessmentId: string) {
  const [result] = useQuery({ query: MyAssessmentAttemptDocument, variables: { assessmentId } });
  const attempt = result.data?.myAssessmentAttempt;
  const { user } = useSession();
  useEffect(() => {
    if (attempt && user) rememberAttempt({ ...attempt, userId: user.id });
  }, [attempt, user]);
  return { ...result, attempt };
}

/** /assessments/:id — the attempt under way: its exercises, the deadline (the countdown is in the banner). */
export function AssessmentPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { attempt, fetching, error } = useAttempt(id);
  const now = useNow();
  if (error)
    return (
      <section>
        <h1 tabIndex={-1}>{t('assessment.title')}</h1>
        <ErrorMessage error={error} />
      </section>
    );
  if (!attempt) return fetching ? <Loading /> : null;
  const over = new Date(attempt.deadlineAt).getTime() <= now;
  return (
    <section className="assessment">
      <h1 tabIndex={-1}>{attempt.title}</h1>
      <p className="lead">
        {t('assessment.deadline', { time: new Date(attempt.deadlineAt).toLocaleString(i18n.language) })}
      </p>
      {over && (
        <p className="error" data-testid="attempt-over">
          {t('assessment.timeUp')}
        </p>
      )}
      {attempt.exercises.length === 0 ? (
        <p className="empty">{t('assessment.noExercises')}</p>
      ) : (
        <ol className="assessment-exercises">
          {attempt.exercises.map((e) => (
            <li key={e.slug}>
              <Link to={`/assessments/${attempt.assessmentId}/exercises/${e.slug}`}>{e.title}</Link>{' '}
              <span className="hint">{t('exercise.version', { v: e.version })}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

const localKey = (assessmentId: string, slug: string) => `dojo.adraft.${assessmentId}.${slug}`;
interface LocalDraft extends Draft {
  at: number;
}

/**
 * Saves the editor's code on the server as the candidate types (debounced), with a copy in
 * localStorage that wins on the next load when it is newer than the server's (a save lost with
 * the connection is sent again then). Reports the last save for the page to show.
 */
function useDraftSaver(assessmentId: string, slug: string, closed: boolean) {
  const [state, save] = useMutation(SaveAssessmentDraftDocument);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const pending = useRef<Draft | null>(null);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const flush = useCallback(async () => {
    const d = pending.current;
    pending.current = null;
    if (!d || closed) return;
    const r = await save({ input: { assessmentId, exerciseSlug: slug, ...d } });
    if (r.data) setSavedAt(r.data.saveAssessmentDraft.savedAt);
  }, [assessmentId, slug, closed, save]);
  const onDraft = useCallback(
    (d: Draft) => {
      localStorage.setItem(localKey(assessmentId, slug), JSON.stringify({ ...d, at: Date.now() } satisfies LocalDraft));
      pending.current = d;
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [assessmentId, slug, flush],
  );
  // Leaving the page sends what is still waiting.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      void flush();
    },
    [flush],
  );
  return { onDraft, savedAt, saving: state.fetching, error: state.error };
}

/** /assessments/:id/exercises/:slug — the pinned statement and the editor, its code saved on the server. */
export function AssessmentExercisePage() {
  const { id = '', slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { attempt } = useAttempt(id);
  const [{ data, fetching, error }] = useQuery({
    query: AssessmentExerciseDocument,
    variables: { assessmentId: id, slug, locale: i18n.language },
    // The draft must be the server's latest, never a cached one.
    requestPolicy: 'network-only',
  });
  const now = useNow();
  const closed = attempt ? new Date(attempt.deadlineAt).getTime() <= now : false;
  const saver = useDraftSaver(id, slug, closed);
  const exercise = data?.assessmentExercise;
  const serverDraft = data?.assessmentDraft;

  // The newer of the server's draft and this browser's copy.
  const initial = useMemo<Draft | null>(() => {
    let local: LocalDraft | null = null;
    try {
      local = JSON.parse(localStorage.getItem(localKey(id, slug)) ?? 'null') as LocalDraft | null;
    } catch {
      local = null;
    }
    const server = serverDraft
      ? { code: serverDraft.code, language: serverDraft.language, at: new Date(serverDraft.savedAt).getTime() }
      : null;
    const pick = local && (!server || local.at > server.at) ? local : server;
    return pick ? { code: pick.code, language: pick.language as SubmissionLanguage } : null;
  }, [serverDraft, id, slug]);
  // A local copy newer than the server's is sent once the page is open.
  const { onDraft } = saver;
  useEffect(() => {
    if (data && initial && (!serverDraft || initial.code !== serverDraft.code) && !closed) onDraft(initial);
    // Once per load of the data.
  }, [data]);

  if (error)
    return (
      <section>
        <h1 tabIndex={-1}>{t('exercise.unavailable')}</h1>
        <ErrorMessage error={error} />
        <Link to={`/assessments/${id}`}>{t('assessment.back')}</Link>
      </section>
    );
  if (!exercise) return fetching ? <Loading /> : null;
  return (
    <section className="exercise">
      <p className="crumbs">
        <Link to={`/assessments/${id}`}>{attempt?.title ?? t('assessment.title')}</Link>
      </p>
      <h1 tabIndex={-1}>{exercise.title}</h1>
      {closed && (
        <p className="error" data-testid="attempt-over">
          {t('assessment.timeUp')}
        </p>
      )}
      <div className="exercise-grid">
        <div className="statement">
          <Facts exercise={exercise} />
          <Suspense fallback={<Loading />}>
            <Markdown source={exercise.statement} dropTitle />
          </Suspense>
        </div>
        <div className="work">
          {exercise.type === 'QUIZ' ? (
            <QuizForm exercise={exercise} assessmentId={id} closed={closed} />
          ) : (
            <>
              <Workbench key={exercise.slug} exercise={exercise} assessment={{ id, draft: initial, onDraft, closed }} />
              <p className="hint" data-testid="draft-status" aria-live="polite">
                {saver.saving
                  ? t('assessment.saving')
                  : saver.savedAt
                    ? t('assessment.savedAt', { time: new Date(saver.savedAt).toLocaleTimeString(i18n.language) })
                    : t('assessment.autosave')}
              </p>
              {saver.error && <ErrorMessage error={saver.error} />}
            </>
          )}
        </div>
      </div>
    </section>
  );
}
