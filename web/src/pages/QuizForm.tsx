import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMutation } from 'urql';
import { useSession } from '../app/session';
import { ErrorMessage } from '../components/status';
import { AnswerQuizDocument, type ExerciseQuery } from '../gql/graphql';

type Answer = string | string[];

/** A concept-check quiz: answer, then the score and each question's explanation. */
export function QuizForm({
  exercise,
  assessmentId,
  closed = false,
}: {
  exercise: ExerciseQuery['exercise'];
  /** Within this assessment attempt (graded against its pinned version). */
  assessmentId?: string;
  /** The attempt's time is up: answering stops. */
  closed?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [result, answer] = useMutation(AnswerQuizDocument);
  const questions = exercise.questions ?? [];

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (closed) return;
    void answer({ exerciseSlug: exercise.slug, answers: JSON.stringify(answers), locale: i18n.language, assessmentId });
  };
  const toggle = (qid: string, oid: string, on: boolean) => {
    const current = Array.isArray(answers[qid]) ? (answers[qid] as string[]) : [];
    setAnswers({ ...answers, [qid]: on ? [...current, oid] : current.filter((x) => x !== oid) });
  };
  const graded = result.data?.answerQuiz;

  return (
    <form className="quiz" onSubmit={onSubmit}>
      {questions.map((q, i) => (
        <fieldset key={q.id}>
          <legend>
            {i + 1}. {q.text}
          </legend>
          {q.kind === 'short' ? (
            <label>
              <span>{t('quiz.yourAnswer')}</span>
              <input
                value={(answers[q.id] as string) ?? ''}
                onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })}
              />
            </label>
          ) : (
            q.options.map((o) => (
              <label key={o.id} className="option">
                <input
                  type={q.kind === 'multiple' ? 'checkbox' : 'radio'}
                  name={q.id}
                  value={o.id}
                  checked={
                    q.kind === 'multiple' ? ((answers[q.id] as string[]) ?? []).includes(o.id) : answers[q.id] === o.id
                  }
                  onChange={(e) =>
                    q.kind === 'multiple'
                      ? toggle(q.id, o.id, e.target.checked)
                      : setAnswers({ ...answers, [q.id]: o.id })
                  }
                />
                <span>{o.text}</span>
              </label>
            ))
          )}
        </fieldset>
      ))}
      {result.error && <ErrorMessage error={result.error} />}
      {user ? (
        <button type="submit" className="primary" disabled={result.fetching || closed}>
          {t('quiz.submit')}
        </button>
      ) : (
        <p>
          <Link to="/signin">{t('exercise.signInToSubmit')}</Link>
        </p>
      )}
      {graded?.grade && (
        <section className={`quiz-result ${graded.grade.passed ? 'passed' : 'failed'}`} aria-live="polite">
          <h2>
            {t('quiz.score', { score: Math.round(graded.grade.score) })} ·{' '}
            {t(graded.grade.passed ? 'status.PASSED' : 'status.FAILED')}
          </h2>
          <ul className="feedback" data-testid="quiz-feedback">
            {graded.grade.feedback.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        </section>
      )}
    </form>
  );
}
