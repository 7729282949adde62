import { lazy, Suspense, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useSession } from '../app/session';
import { ErrorMessage, Loading } from '../components/status';
import { ExerciseDocument, SubmitSolutionDocument, type ExerciseQuery, type SubmissionLanguage } from '../gql/graphql';
import { QuizForm } from './QuizForm';

const Markdown = lazy(() => import('../components/Markdown'));
const CodeEditor = lazy(() => import('../components/CodeEditor'));

type Exercise = ExerciseQuery['exercise'];

export function ExercisePage() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }] = useQuery({
    query: ExerciseDocument,
    variables: { slug, locale: i18n.language },
  });
  const exercise = data?.exercise;
  return (
    <section className="exercise">
      {error && (
        <>
          <h1 tabIndex={-1}>{t('exercise.unavailable')}</h1>
          <ErrorMessage error={error} />
          <Link to="/">{t('notFound.back')}</Link>
        </>
      )}
      {!exercise && fetching && <Loading />}
      {exercise && (
        <>
          <p className="crumbs">
            <Link to="/">{t('nav.tracks')}</Link> › {exercise.track.title}
          </p>
          <h1 tabIndex={-1}>{exercise.title}</h1>
          <p className="lead">
            <span className={`badge type-${exercise.type}`}>{t(`exerciseType.${exercise.type}`)}</span>{' '}
            {t('tracks.difficulty', { level: exercise.difficulty })} · {t('exercise.version', { v: exercise.version })}
          </p>
          <div className="exercise-grid">
            <div className="statement">
              <Facts exercise={exercise} />
              <Suspense fallback={<Loading />}>
                <Markdown source={exercise.statement} dropTitle />
              </Suspense>
            </div>
            <div className="work">
              {exercise.type === 'QUIZ' ? <QuizForm exercise={exercise} /> : <Workbench exercise={exercise} />}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

/** Budget, threshold and data-set facts (MODEL), visible tests (CODING). */
function Facts({ exercise }: { exercise: Exercise }) {
  const { t } = useTranslation();
  const b = exercise.budget;
  const task = exercise.task;
  const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString());
  return (
    <>
      {(b || exercise.threshold !== null) && (
        <table className="facts">
          <caption>{t('exercise.budgetTitle')}</caption>
          <tbody>
            {exercise.threshold !== null && (
              <tr>
                <th scope="row">{t('exercise.threshold')}</th>
                <td>{(exercise.threshold * 100).toFixed(1)} %</td>
              </tr>
            )}
            {b && (
              <>
                <tr>
                  <th scope="row">{t('exercise.maxParams')}</th>
                  <td>{num(b.maxParams)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('exercise.maxEpochs')}</th>
                  <td>{num(b.maxEpochs)}</td>
                </tr>
                <tr>
                  <th scope="row">{t('exercise.batchSize')}</th>
                  <td>
                    {b.minBatchSize ? `${num(b.minBatchSize)} – ` : '≤ '}
                    {num(b.maxBatchSize)}
                  </td>
                </tr>
                <tr>
                  <th scope="row">{t('exercise.wallClock')}</th>
                  <td>{t('exercise.seconds', { n: b.wallClockSeconds })}</td>
                </tr>
              </>
            )}
          </tbody>
        </table>
      )}
      {(exercise.dataset || task) && (
        <table className="facts">
          <caption>{t('exercise.dataTitle')}</caption>
          <tbody>
            {exercise.dataset && (
              <tr>
                <th scope="row">{t('exercise.dataset')}</th>
                <td>{exercise.dataset}</td>
              </tr>
            )}
            {task && (
              <>
                <tr>
                  <th scope="row">{t('exercise.inputShape')}</th>
                  <td>
                    <code>[{task.inputShape.join(', ')}]</code>
                  </td>
                </tr>
                <tr>
                  <th scope="row">{t('exercise.classes')}</th>
                  <td>{task.numClasses}</td>
                </tr>
                {task.output && (
                  <tr>
                    <th scope="row">{t('exercise.output')}</th>
                    <td>{task.output}</td>
                  </tr>
                )}
                {task.seqLen && (
                  <tr>
                    <th scope="row">{t('exercise.seqLen')}</th>
                    <td>{task.seqLen}</td>
                  </tr>
                )}
                {task.vocabSize && (
                  <tr>
                    <th scope="row">{t('exercise.vocabSize')}</th>
                    <td>{num(task.vocabSize)}</td>
                  </tr>
                )}
              </>
            )}
            {b?.trainSubset && (
              <tr>
                <th scope="row">{t('exercise.trainSubset')}</th>
                <td>{num(b.trainSubset)}</td>
              </tr>
            )}
            {b?.testSubset && (
              <tr>
                <th scope="row">{t('exercise.testSubset')}</th>
                <td>{num(b.testSubset)}</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {exercise.visibleTests && exercise.visibleTests.length > 0 && (
        <table className="facts tests">
          <caption>
            {t('exercise.visibleTests')}
            {exercise.hiddenTestCount ? ` · ${t('exercise.hiddenTests', { count: exercise.hiddenTestCount })}` : ''}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('exercise.testName')}</th>
              <th scope="col">{t('exercise.testInput')}</th>
              <th scope="col">{t('exercise.testExpected')}</th>
            </tr>
          </thead>
          <tbody>
            {exercise.visibleTests.map((vt) => (
              <tr key={vt.name}>
                <th scope="row">{vt.name}</th>
                <td>
                  <code>{vt.input}</code>
                </td>
                <td>{vt.throws ? t('exercise.throws') : <code>{vt.expected}</code>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const draftKey = (slug: string) => `dojo.draft.${slug}`;

function readDraft(slug: string): { code: string; language: SubmissionLanguage } | null {
  try {
    const raw = localStorage.getItem(draftKey(slug));
    return raw ? (JSON.parse(raw) as { code: string; language: SubmissionLanguage }) : null;
  } catch {
    return null;
  }
}

/** The editor (draft kept per exercise in localStorage, reset to starter) and Submit. */
function Workbench({ exercise }: { exercise: Exercise }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  // What the exercise accepts and this server can run (PYTHON only where offered and available).
  const languages: SubmissionLanguage[] = exercise.languages.filter((l) => l.available).map((l) => l.language);
  const starterFor = (l: SubmissionLanguage) =>
    l === 'PYTHON' ? (exercise.pythonStarterCode ?? '') : exercise.starterCode;
  const saved = readDraft(exercise.slug);
  const [code, setCode] = useState(saved?.code ?? exercise.starterCode);
  const [language, setLanguage] = useState<SubmissionLanguage>(saved?.language ?? 'TYPESCRIPT');
  const [submission, submit] = useMutation(SubmitSolutionDocument);

  const save = useCallback(
    (next: { code: string; language: SubmissionLanguage }) =>
      localStorage.setItem(draftKey(exercise.slug), JSON.stringify(next)),
    [exercise.slug],
  );
  const onChange = (value: string) => {
    setCode(value);
    save({ code: value, language });
  };
  const reset = () => {
    localStorage.removeItem(draftKey(exercise.slug));
    setCode(starterFor(language));
  };
  const onSubmit = async () => {
    const r = await submit({ input: { exerciseSlug: exercise.slug, language, code } });
    if (r.data) navigate(`/submissions/${r.data.submitSolution.id}`);
  };

  return (
    <div className="workbench">
      <div className="toolbar">
        <label>
          <span>{t('exercise.language')}</span>
          <select
            value={language}
            onChange={(e) => {
              const l = e.target.value as SubmissionLanguage;
              // Python and TypeScript starters differ: switching between them starts from the other starter.
              const next = (l === 'PYTHON') !== (language === 'PYTHON') ? starterFor(l) : code;
              setLanguage(l);
              setCode(next);
              save({ code: next, language: l });
            }}
          >
            {languages.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={reset}>
          {t('exercise.reset')}
        </button>
      </div>
      <Suspense fallback={<Loading label={t('exercise.editorLoading')} />}>
        <CodeEditor
          value={code}
          onChange={onChange}
          language={
            language === 'KERAS_JSON'
              ? 'json'
              : language === 'PYTHON'
                ? 'python'
                : language === 'JAVASCRIPT'
                  ? 'javascript'
                  : 'typescript'
          }
          label={t('exercise.editorLabel')}
        />
      </Suspense>
      {submission.error && <ErrorMessage error={submission.error} />}
      {user ? (
        <button type="button" className="primary" onClick={onSubmit} disabled={submission.fetching}>
          {t('exercise.submit')}
        </button>
      ) : (
        <p>
          <Link to="/signin">{t('exercise.signInToSubmit')}</Link>
        </p>
      )}
      <p className="hint">{t('exercise.attemptsPerHour', { n: exercise.practiceAttemptsPerHour })}</p>
    </div>
  );
}
