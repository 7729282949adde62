import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { LearningSupport } from '../components/LearningSupport';
import { ErrorMessage, LoadFailed, Loading } from '../components/status';
import { useModule } from '../components/use-module';
import { ExerciseDocument, type ExerciseQuery } from '../gql/graphql';
import { QuizForm } from './QuizForm';
import { loadCodeEditor, Workbench } from './Workbench';

const loadMarkdown = () => import('../components/Markdown');

type Exercise = ExerciseQuery['exercise'];

export function ExercisePage() {
  const { slug = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }] = useQuery({
    query: ExerciseDocument,
    variables: { slug, locale: i18n.language },
  });
  const exercise = data?.exercise;
  const { Component: Markdown, failed: markdownFailed } = useModule(loadMarkdown);
  // Fetch the statement's and the editor's chunks while the exercise query is in flight, not after.
  useEffect(() => {
    void loadMarkdown();
    void loadCodeEditor();
  }, []);
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
              {Markdown ? (
                <Markdown source={exercise.statement} dropTitle />
              ) : markdownFailed ? (
                <LoadFailed />
              ) : (
                <Loading />
              )}
              {/* A quiz explains each answer once graded; learning support is for code. */}
              {exercise.type !== 'QUIZ' && <LearningSupport slug={exercise.slug} />}
            </div>
            <div className="work">
              {exercise.type === 'QUIZ' ? (
                <QuizForm exercise={exercise} />
              ) : (
                <Workbench key={exercise.slug} exercise={exercise} />
              )}
            </div>
          </div>
        </>
      )}
    </section>
  );
}

/** Budget, threshold and data-set facts (MODEL), the grade rule and visible tests (CODING). */
export function Facts({ exercise }: { exercise: Exercise }) {
  const { t } = useTranslation();
  const b = exercise.budget;
  const task = exercise.task;
  const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString());
  return (
    <>
      {(b || exercise.threshold !== null) && (
        <table className="facts">
          <caption>{t(exercise.type === 'CODING' ? 'exercise.gradeTitle' : 'exercise.budgetTitle')}</caption>
          <tbody>
            {exercise.threshold !== null && (
              <tr>
                {/* CODING: the threshold is the share of tests (hidden included) that must pass. */}
                <th scope="row">
                  {t(
                    exercise.type === 'CODING'
                      ? 'exercise.testsToPass'
                      : exercise.grader === 'mse-threshold'
                        ? 'exercise.maxMse'
                        : 'exercise.threshold',
                  )}
                </th>
                {/* mse-threshold: the largest mean squared error that passes, not a share. */}
                <td>
                  {exercise.grader === 'mse-threshold'
                    ? exercise.threshold.toFixed(4)
                    : `${(exercise.threshold * 100).toFixed(1)} %`}
                </td>
              </tr>
            )}
            {exercise.maxGap !== null && exercise.maxGap !== undefined && (
              <tr>
                <th scope="row">{t('exercise.maxGap')}</th>
                <td>{t('exercise.points', { n: (exercise.maxGap * 100).toFixed(1) })}</td>
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
