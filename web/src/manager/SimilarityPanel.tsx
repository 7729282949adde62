import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Empty, Loading } from '../components/status';
import { AssessmentSimilarityDocument, type AssessmentSimilarityQuery } from '../gql/graphql';
import { sideBySide } from '../components/line-diff';
import { ManagerError, useDate } from './shared';

type Flag = AssessmentSimilarityQuery['assessmentSimilarity'][number];

/**
 * Similarity flags of an assessment (optionally only those involving one candidate), each with
 * both sides' submission times and a side-by-side diff on demand. Evidence, never a verdict.
 */
export function SimilarityPanel({ assessmentId, email }: { assessmentId: string; email?: string }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: AssessmentSimilarityDocument, variables: { assessmentId } });
  const flags = (data?.assessmentSimilarity ?? []).filter(
    (f) => !email || f.a.candidateEmail === email || f.b.candidateEmail === email,
  );
  return (
    <section aria-labelledby="similarity-heading" className="similarity">
      <h2 id="similarity-heading">{t('manager.similarity.title')}</h2>
      <p className="hint">{t('manager.similarity.hint')}</p>
      {error && <ManagerError error={error} />}
      {!data && fetching && <Loading />}
      {data && flags.length === 0 && <Empty>{t('manager.similarity.none')}</Empty>}
      {flags.length > 0 && (
        <ul className="flags" data-testid="similarity-flags">
          {flags.map((f, i) => (
            <FlagItem key={i} flag={f} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FlagItem({ flag }: { flag: Flag }) {
  const { t } = useTranslation();
  const date = useDate({ seconds: true });
  const [open, setOpen] = useState(false);
  const who = (s: Flag['a']) => s.candidateEmail ?? t('manager.similarity.reference');
  return (
    <li className="flag" data-testid="similarity-flag">
      <p>
        <strong>{flag.exerciseSlug}</strong> — {who(flag.a)} ↔ {who(flag.b)}:{' '}
        {t('manager.similarity.score', { score: Math.round(flag.score * 100) })} (
        {flag.reasons.map((r) => t(`manager.similarity.reason.${r}`, r)).join(', ')})
      </p>
      <p className="hint">
        {t('manager.similarity.times', {
          a: who(flag.a),
          atA: date(flag.a.submittedAt),
          b: who(flag.b),
          atB: date(flag.b.submittedAt),
        })}
      </p>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? t('manager.similarity.hideDiff') : t('manager.similarity.showDiff')}
      </button>
      {open && (
        <SideBySideDiff left={flag.a.code} right={flag.b.code} leftTitle={who(flag.a)} rightTitle={who(flag.b)} />
      )}
    </li>
  );
}

export function SideBySideDiff(props: { left: string; right: string; leftTitle: string; rightTitle: string }) {
  const { t } = useTranslation();
  const rows = sideBySide(props.left, props.right);
  const same = rows.filter((r) => r.kind === 'same').length;
  return (
    <div className="diff-wrap">
      <table className="diff" data-testid="diff">
        <caption>{t('manager.similarity.diffCaption', { same, total: rows.length })}</caption>
        <thead>
          <tr>
            <th scope="col" colSpan={2}>
              {props.leftTitle}
            </th>
            <th scope="col" colSpan={2}>
              {props.rightTitle}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className={`diff-${r.kind}`}>
              <td className="ln">{r.left?.n ?? ''}</td>
              <td className="code">
                <pre>{r.left?.text ?? ''}</pre>
              </td>
              <td className="ln">{r.right?.n ?? ''}</td>
              <td className="code">
                <pre>{r.right?.text ?? ''}</pre>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
