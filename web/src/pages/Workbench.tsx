import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { useSession } from '../app/session';
import type { EditorDiagnostic } from '../components/CodeEditor';
import { CheckResult, RunResult } from '../components/practiceResults';
import { ErrorMessage, LoadFailed, Loading } from '../components/status';
import { useModule } from '../components/use-module';
import {
  CheckModelDocument,
  RunVisibleTestsDocument,
  SubmitSolutionDocument,
  type ExerciseQuery,
  type SubmissionLanguage,
} from '../gql/graphql';

export const loadCodeEditor = () => import('../components/CodeEditor');

type Exercise = ExerciseQuery['exercise'];
export interface Draft {
  code: string;
  language: SubmissionLanguage;
}

const draftKey = (slug: string) => `dojo.draft.${slug}`;

function readLocalDraft(slug: string): Draft | null {
  try {
    const raw = localStorage.getItem(draftKey(slug));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

/** In an assessment the draft lives on the server (the page passes it in and saves it); in practice, localStorage. */
export interface AssessmentMode {
  id: string;
  draft: Draft | null;
  onDraft: (draft: Draft) => void;
  /** Time is up: the editor stays readable, submitting stops. */
  closed: boolean;
}

/**
 * The editor preloaded with the starter code (or the kept draft), a reset to starter, and the
 * buttons: Check (MODEL: build and validate, no training, not an attempt), Run (CODING: the
 * visible tests, not an attempt) and Submit. Errors with a line are marked in the editor.
 */
export function Workbench({ exercise, assessment }: { exercise: Exercise; assessment?: AssessmentMode }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const { Component: CodeEditor, failed: editorFailed } = useModule(loadCodeEditor);
  // What the exercise accepts and this server can run (PYTHON only where offered and available).
  const languages: SubmissionLanguage[] = exercise.languages.filter((l) => l.available).map((l) => l.language);
  const starterFor = (l: SubmissionLanguage) =>
    l === 'PYTHON' ? (exercise.pythonStarterCode ?? '') : exercise.starterCode;
  const saved = assessment ? assessment.draft : readLocalDraft(exercise.slug);
  const [code, setCode] = useState(saved?.code ?? exercise.starterCode);
  const [language, setLanguage] = useState<SubmissionLanguage>(saved?.language ?? 'TYPESCRIPT');
  const [submission, submit] = useMutation(SubmitSolutionDocument);
  const [check, runCheck] = useMutation(CheckModelDocument);
  const [run, runTests] = useMutation(RunVisibleTestsDocument);
  // Results belong to the code they ran on: an edit hides the marks (positions may have moved).
  const [marksFor, setMarksFor] = useState<string | null>(null);

  const save = useCallback(
    (next: Draft) => {
      if (assessment) assessment.onDraft(next);
      else localStorage.setItem(draftKey(exercise.slug), JSON.stringify(next));
    },
    [assessment, exercise.slug],
  );
  const onChange = (value: string) => {
    setCode(value);
    save({ code: value, language });
  };
  const reset = () => {
    if (!assessment) localStorage.removeItem(draftKey(exercise.slug));
    setCode(starterFor(language));
    if (assessment) save({ code: starterFor(language), language });
  };
  const input = { exerciseSlug: exercise.slug, language, code };
  const onSubmit = async () => {
    const r = await submit({ input: assessment ? { ...input, assessmentId: assessment.id } : input });
    if (r.data) navigate(`/submissions/${r.data.submitSolution.id}`);
  };
  const onCheck = async () => {
    setMarksFor(code);
    await (exercise.type === 'MODEL' ? runCheck({ input }) : runTests({ input }));
  };

  const checkData = check.data?.checkModel;
  const runData = run.data?.runVisibleTests;
  const diagnostics = useMemo<EditorDiagnostic[]>(() => {
    if (marksFor !== code) return [];
    const marks: EditorDiagnostic[] = [];
    const err = exercise.type === 'MODEL' ? checkData?.error : runData?.error;
    if (err?.line) marks.push({ line: err.line, column: err.column, message: err.message });
    if (exercise.type === 'CODING' && !runData?.error)
      for (const r of runData?.results ?? [])
        if (!r.passed && r.line)
          marks.push({ line: r.line, column: r.column, message: `${r.name}: ${r.message ?? ''}` });
    return marks;
  }, [marksFor, code, exercise.type, checkData, runData]);

  const busy = submission.fetching || check.fetching || run.fetching;
  const closed = assessment?.closed ?? false;
  const practiceOnly = !assessment && exercise.type !== 'QUIZ';

  return (
    <div className="workbench">
      <div className="toolbar">
        <label>
          <span>{t('exercise.language')}</span>
          <select
            value={language}
            disabled={closed}
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
        <button type="button" onClick={reset} disabled={closed}>
          {t('exercise.reset')}
        </button>
      </div>
      {editorFailed && <LoadFailed />}
      {!CodeEditor && !editorFailed && <Loading label={t('exercise.editorLoading')} />}
      {CodeEditor && (
        <CodeEditor
          value={code}
          onChange={onChange}
          language={
            language === 'KERAS_JSON'
              ? 'json'
              : language === 'JAVASCRIPT'
                ? 'javascript'
                : language === 'PYTHON'
                  ? 'python'
                  : 'typescript'
          }
          label={t('exercise.editorLabel')}
          diagnostics={diagnostics}
        />
      )}
      {submission.error && <ErrorMessage error={submission.error} />}
      {user ? (
        <div className="actions">
          {practiceOnly && (
            <button type="button" onClick={() => void onCheck()} disabled={busy} data-testid="check-button">
              {exercise.type === 'MODEL' ? t('exercise.check') : t('exercise.run')}
            </button>
          )}
          <button type="button" className="primary" onClick={() => void onSubmit()} disabled={busy || closed}>
            {t('exercise.submit')}
          </button>
          {(check.fetching || run.fetching) && <Loading label={t('exercise.checking')} />}
        </div>
      ) : (
        <p>
          <Link to="/signin">{t('exercise.signInToSubmit')}</Link>
        </p>
      )}
      {practiceOnly && (
        <p className="hint">
          {exercise.type === 'MODEL' ? t('exercise.checkHint') : t('exercise.runHint')}{' '}
          {t('exercise.attemptsPerHour', { n: exercise.practiceAttemptsPerHour })}
        </p>
      )}
      {check.error && <ErrorMessage error={check.error} />}
      {run.error && <ErrorMessage error={run.error} />}
      {exercise.type === 'MODEL' && checkData && <CheckResult result={checkData} />}
      {exercise.type === 'CODING' && runData && <RunResult result={runData} />}
    </div>
  );
}
