import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useSession } from '../app/session';
import { ExerciseHelpDocument, RevealHintDocument } from '../gql/graphql';
import { Empty, ErrorMessage, Loading } from './status';

const Markdown = lazy(() => import('./Markdown'));

/**
 * Practice-mode help on the exercise page: hints revealed one at a time, and the explanation
 * with the reference solution once a practice submission passed or enough attempts were made.
 * The API refuses it for assessment-only exercises and during an assessment that contains the
 * exercise; the assessment pages never show this component.
 */
export function LearningSupport({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const headingId = useId();
  // The explanation is rendered only while its fold is open: the reference stays out of the page until asked for.
  const [open, setOpen] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ExerciseHelpDocument,
    variables: { slug, locale: i18n.language },
    pause: !user,
  });
  const [revealed, reveal] = useMutation(RevealHintDocument);
  const help = data?.exerciseHelp;
  const refusedCode = error?.graphQLErrors[0]?.extensions?.code;

  const onReveal = async () => {
    const res = await reveal({ slug, locale: i18n.language });
    if (!res.error) refetch({ requestPolicy: 'network-only' });
  };

  return (
    <section className="learning" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('help.title')}</h2>
      {!user && <Empty>{t('help.signIn')}</Empty>}
      {user && !help && fetching && <Loading label={t('help.loading')} />}
      {user &&
        error &&
        (refusedCode === 'FORBIDDEN' ? <Empty>{t('help.closed')}</Empty> : <ErrorMessage error={error} />)}
      {user && help && (
        <>
          <h3>{t('help.hintsTitle')}</h3>
          {help.hintCount === 0 ? (
            <Empty>{t('help.noHints')}</Empty>
          ) : (
            <>
              {help.hints.length > 0 && (
                <ol className="hints">
                  {help.hints.map((hint, i) => (
                    <li key={i}>{hint}</li>
                  ))}
                </ol>
              )}
              <p className="hint-progress">
                {t('help.hintProgress', { shown: help.hints.length, total: help.hintCount })}
              </p>
              {help.hints.length < help.hintCount && (
                <button type="button" onClick={() => void onReveal()} disabled={revealed.fetching}>
                  {t(help.hints.length === 0 ? 'help.revealFirst' : 'help.revealNext', {
                    n: help.hints.length + 1,
                    total: help.hintCount,
                  })}
                </button>
              )}
              {revealed.error && <ErrorMessage error={revealed.error} />}
            </>
          )}
          <h3>{t('help.explanationTitle')}</h3>
          {!help.explanationAvailable ? (
            <Empty>{t('help.noExplanation')}</Empty>
          ) : help.unlocked ? (
            <>
              <p className="unlocked">
                {help.unlockedBy === 'PASSED'
                  ? t('help.unlockedPassed')
                  : t('help.unlockedAttempts', { n: help.practiceAttempts })}
              </p>
              <details className="explanation" onToggle={(e) => setOpen(e.currentTarget.open)}>
                <summary>{t('help.showExplanation')}</summary>
                {open && (
                  <Suspense fallback={<Loading />}>
                    {help.explanation && <Markdown source={help.explanation} />}
                    {help.referenceSolution && (
                      <>
                        <h4>{t('help.referenceTitle')}</h4>
                        <Markdown source={'```ts\n' + help.referenceSolution.replace(/```/g, '``\u200b`') + '\n```'} />
                      </>
                    )}
                  </Suspense>
                )}
              </details>
            </>
          ) : (
            <>
              <p className="locked">
                {t('help.locked', {
                  n: help.practiceAttempts,
                  needed: help.attemptsToUnlock,
                  left: Math.max(0, help.attemptsToUnlock - help.practiceAttempts),
                })}
              </p>
              <button
                type="button"

                onClick={() => refetch({ requestPolicy: 'network-only' })}
                disabled={fetching}
              >
                {t('help.checkAgain')}
              </button>
            </>
          )}
        </>
      )}
    </section>
  );
}
