import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Empty } from '../components/status';
import { AssessmentThresholdsDocument, type CandidateRowFieldsFragment } from '../gql/graphql';
import { duration, pct, score } from './shared';

type Row = CandidateRowFieldsFragment;
type Result = Row['results'][number];
type Key = 'candidate' | 'total' | 'time' | 'attempts' | `ex:${string}`;

const attemptsOf = (r: Row) => r.results.reduce((s, x) => s + x.attempts, 0);

function valueOf(r: Row, key: Key): string | number {
  if (key === 'candidate') return (r.displayName ?? r.email).toLowerCase();
  if (key === 'total') return r.totalScore;
  if (key === 'time') return r.timeUsedSeconds ?? -1;
  if (key === 'attempts') return attemptsOf(r);
  return r.results.find((x) => x.exerciseSlug === key.slice(3))?.score ?? -1;
}

/**
 * One row per candidate: total score (and rank), each exercise's score — coding: share of tests
 * passed, hidden included; MODEL: accuracy and its 95 % interval against the threshold; quiz:
 * score —, time used and attempts. Every column sorts; the CSV has the same columns.
 */
export function ResultsTable(props: {
  assessmentId: string;
  exercises: { slug: string; title: string }[];
  candidates: Row[];
}) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<{ key: Key; desc: boolean }>({ key: 'total', desc: true });
  if (props.candidates.length === 0) return <Empty>{t('manager.results.empty')}</Empty>;
  const rows = [...props.candidates].sort((a, b) => {
    const x = valueOf(a, sort.key);
    const y = valueOf(b, sort.key);
    const c = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
    return sort.desc ? -c : c;
  });
  const header = (key: Key, label: React.ReactNode) => {
    const active = sort.key === key;
    return (
      <th scope="col" aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <button
          type="button"
          className="sort"
          onClick={() => setSort({ key, desc: active ? !sort.desc : key !== 'candidate' })}
        >
          {label}
          <span aria-hidden="true">{active ? (sort.desc ? ' ▼' : ' ▲') : ''}</span>
        </button>
      </th>
    );
  };
  return (
    <div className="table-scroll">
      <table className="data results" data-testid="results">
        <caption>{t('manager.results.caption')}</caption>
        <thead>
          <tr>
            {header('candidate', t('manager.results.candidate'))}
            <th scope="col">{t('manager.invitations.state')}</th>
            {header('total', t('manager.results.total'))}
            <th scope="col">{t('manager.results.rank')}</th>
            {props.exercises.map((e) => (
              <ExerciseHeader key={e.slug} assessmentId={props.assessmentId} exercise={e} cell={header} />
            ))}
            {header('time', t('manager.results.timeUsed'))}
            {header('attempts', t('manager.results.attempts'))}
            <th scope="col">{t('manager.results.review')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.invitationId} data-email={r.email}>
              <th scope="row">
                <Link to={`/manager/assessments/${props.assessmentId}/candidates/${r.invitationId}`}>
                  {r.displayName ?? r.email}
                </Link>
                {r.displayName && <div className="hint">{r.email}</div>}
              </th>
              <td>{t(`manager.state.${r.state}`)}</td>
              <td className="num" data-testid="total">
                {score(r.totalScore)}
              </td>
              <td className="num">{r.rank ?? '—'}</td>
              {props.exercises.map((e) => (
                <td key={e.slug} className="num" data-testid={`score-${e.slug}`}>
                  <ResultCell result={r.results.find((x) => x.exerciseSlug === e.slug)} />
                </td>
              ))}
              <td className="num">{duration(r.timeUsedSeconds)}</td>
              <td className="num">{attemptsOf(r)}</td>
              <td>
                {r.meanRating != null ? r.meanRating.toFixed(1) : '—'}
                {r.scorecards
                  .filter((c) => c.decision)
                  .map((c, i) => (
                    <div key={i} className="hint">
                      {t(`manager.decision.${c.decision!}`)}
                    </div>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An exercise's column header (sortable), with its type and, for MODEL, the accuracy threshold. */
function ExerciseHeader(props: {
  assessmentId: string;
  exercise: { slug: string; title: string };
  cell: (key: Key, label: React.ReactNode) => React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery({
    query: AssessmentThresholdsDocument,
    variables: { assessmentId: props.assessmentId, slug: props.exercise.slug, locale: i18n.language },
  });
  const ex = data?.assessmentExercise;
  return props.cell(
    `ex:${props.exercise.slug}`,
    <>
      {props.exercise.title}
      {ex && (
        <span className="hint">
          {' '}
          · {t(`exerciseType.${ex.type}`)}
          {ex.type === 'MODEL' && ex.threshold != null && ` ≥ ${pct(ex.threshold)}`}
        </span>
      )}
    </>,
  );
}

function ResultCell({ result }: { result: Result | undefined }) {
  const { t } = useTranslation();
  if (!result || result.attempts === 0) return <span title={t('manager.results.noAttempt')}>—</span>;
  return (
    <>
      <span className={result.passed ? 'ok' : 'bad'}>{score(result.score)}</span>
      {result.bestAccuracy != null && (
        <div className="hint">
          {pct(result.bestAccuracy)}
          {result.accuracyLow != null &&
            result.accuracyHigh != null &&
            ` [${pct(result.accuracyLow)}, ${pct(result.accuracyHigh)}]`}{' '}
          {result.passed ? t('manager.results.aboveThreshold') : t('manager.results.belowThreshold')}
        </div>
      )}
      {result.practiceRefused > 0 && (
        <div className="hint">{t('manager.results.practiceRefused', { n: result.practiceRefused })}</div>
      )}
    </>
  );
}
