import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import type { CompareSeries } from '../components/CompareCurves';
import { ErrorMessage, Loading } from '../components/status';
import { SubmissionDocument, type SubmissionFieldsFragment } from '../gql/graphql';

const CompareCurves = lazy(() => import('../components/CompareCurves'));

type Sub = SubmissionFieldsFragment;
const COLOURS = ['#1f6feb', '#d4580a'];
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)} %`);
const num = (x: number | null | undefined, digits = 4) => (x === null || x === undefined ? '—' : x.toFixed(digits));

/** /history/compare?a=…&b=… — two submissions of one exercise, curve against curve, numbers side by side. */
export function ComparePage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const ids = [params.get('a') ?? '', params.get('b') ?? ''];
  const [ra] = useQuery({
    query: SubmissionDocument,
    variables: { id: ids[0], locale: i18n.language },
    pause: !ids[0],
  });
  const [rb] = useQuery({
    query: SubmissionDocument,
    variables: { id: ids[1], locale: i18n.language },
    pause: !ids[1],
  });
  const a = ra.data?.submission;
  const b = rb.data?.submission;
  const subs = a && b ? [a, b] : [];
  const names = [t('compare.a'), t('compare.b')];

  const series = useMemo(() => {
    if (subs.length < 2) return null;
    const make = (key: 'loss' | 'valLoss' | 'accuracy' | 'valAccuracy', dash?: number[]) =>
      subs.map((s, i): CompareSeries => ({
        label: `${names[i]} · ${t(key === 'loss' || key === 'accuracy' ? 'submission.train' : 'submission.validation')}`,
        byEpoch: new Map(s.epochs.filter((e) => !e.partial).map((e) => [e.epoch, e[key] ?? null])),
        stroke: COLOURS[i],
        dash,
      }));
    return {
      loss: [...make('loss'), ...make('valLoss', [6, 4])],
      accuracy: [...make('accuracy'), ...make('valAccuracy', [6, 4])],
    };
    // Rebuilt when either submission or the language changes.
  }, [a, b, i18n.language]);

  const error = ra.error ?? rb.error;
  if (!ids[0] || !ids[1])
    return (
      <section>
        <h1 tabIndex={-1}>{t('compare.title')}</h1>
        <p className="empty">{t('compare.pickTwo')}</p>
        <Link to="/history">{t('nav.history')}</Link>
      </section>
    );
  if (error)
    return (
      <section>
        <h1 tabIndex={-1}>{t('compare.title')}</h1>
        <ErrorMessage error={error} />
      </section>
    );
  if (!a || !b) return <Loading />;
  const sameExercise = a.exerciseSlug === b.exerciseSlug;
  const epochs = [...new Set(subs.flatMap((s) => s.epochs.filter((e) => !e.partial).map((e) => e.epoch)))].sort(
    (x, y) => x - y,
  );
  const row = (label: string, value: (s: Sub) => string) => (
    <tr>
      <th scope="row">{label}</th>
      {subs.map((s) => (
        <td key={s.id}>{value(s)}</td>
      ))}
    </tr>
  );

  return (
    <section className="compare">
      <p className="crumbs">
        <Link to="/history">{t('nav.history')}</Link> ›{' '}
        <Link to={`/exercises/${a.exerciseSlug}`}>{a.exerciseSlug}</Link>
      </p>
      <h1 tabIndex={-1}>{t('compare.title')}</h1>
      {!sameExercise && (
        <p className="error" role="alert">
          {t('compare.differentExercises')}
        </p>
      )}
      <table className="facts compare-table" data-testid="compare-table">
        <caption>{t('compare.caption')}</caption>
        <thead>
          <tr>
            <td />
            {subs.map((s, i) => (
              <th scope="col" key={s.id}>
                <Link to={`/submissions/${s.id}`}>{names[i]}</Link>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {row(t('history.when'), (s) => new Date(s.createdAt).toLocaleString(i18n.language))}
          {row(t('history.status'), (s) => t(`status.${s.status}`))}
          {row(t('history.score'), (s) => (s.grade ? String(Math.round(s.grade.score)) : '—'))}
          {row(t('submission.accuracy'), (s) => pct(s.evaluation?.accuracy))}
          {row(t('submission.params'), (s) => (s.paramCount === null ? '—' : s.paramCount.toLocaleString()))}
          {row(t('submission.trainingSeconds'), (s) =>
            s.trainingSeconds === null ? '—' : t('exercise.seconds', { n: s.trainingSeconds.toFixed(1) }),
          )}
          {row(t('submission.epochs'), (s) => String(s.epochs.filter((e) => !e.partial).length))}
        </tbody>
      </table>
      {series && epochs.length > 0 ? (
        <>
          <Suspense fallback={<Loading />}>
            <div className="curves">
              <CompareCurves title={t('submission.loss')} epochLabel={t('submission.epoch')} series={series.loss} />
              <CompareCurves
                title={t('submission.accuracy')}
                epochLabel={t('submission.epoch')}
                series={series.accuracy}
              />
            </div>
          </Suspense>
          <table className="facts epochs">
            <caption>{t('compare.epochsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('submission.epoch')}</th>
                {subs.map((s, i) => (
                  <th scope="col" key={`l${s.id}`}>{`${names[i]} · ${t('submission.valLoss')}`}</th>
                ))}
                {subs.map((s, i) => (
                  <th scope="col" key={`a${s.id}`}>{`${names[i]} · ${t('submission.valAccuracy')}`}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {epochs.map((n) => {
                const at = (s: Sub) => s.epochs.find((e) => e.epoch === n && !e.partial);
                return (
                  <tr key={n}>
                    <th scope="row">{n}</th>
                    {subs.map((s) => (
                      <td key={`l${s.id}`}>{num(at(s)?.valLoss)}</td>
                    ))}
                    {subs.map((s) => (
                      <td key={`a${s.id}`}>{pct(at(s)?.valAccuracy)}</td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : (
        <p className="empty">{t('compare.noCurves')}</p>
      )}
    </section>
  );
}
