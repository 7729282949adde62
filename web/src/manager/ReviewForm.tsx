import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { useSession } from '../app/session';
import { ReviewCandidateDocument, type CandidateReportQuery, type ReviewDecision } from '../gql/graphql';

type Candidate = CandidateReportQuery['candidateReport']['candidate'];
import { ManagerError, useDate } from './shared';

/** The criteria every reviewer rates; "overall" is the API's `rating` shorthand. */
export const CRITERIA = ['overall', 'correctness', 'code-quality', 'ml-understanding'] as const;
const DECISIONS: ReviewDecision[] = ['ADVANCE', 'HOLD', 'REJECT'];

/**
 * The signed-in reviewer's own scorecard (a 1–5 rating per criterion, notes, a decision recorded
 * in the audit log), pre-filled from what they saved before; the other reviewers' cards below.
 */
export function ReviewForm({ candidate, onSaved }: { candidate: Candidate; onSaved: () => void }) {
  const { t } = useTranslation();
  const date = useDate();
  const { user } = useSession();
  const mine = candidate.scorecards.find((c) => c.reviewerId === user?.id);
  const others = candidate.scorecards.filter((c) => c !== mine);
  const [ratings, setRatings] = useState<Record<string, number>>(
    Object.fromEntries((mine?.ratings ?? []).map((r) => [r.criterion, r.rating])),
  );
  const [notes, setNotes] = useState(mine?.notes ?? '');
  const [decision, setDecision] = useState<ReviewDecision | ''>(mine?.decision ?? '');
  const [saved, setSaved] = useState(false);
  const [result, review] = useMutation(ReviewCandidateDocument);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    const res = await review({
      input: {
        invitationId: candidate.invitationId,
        ratings: Object.entries(ratings).map(([criterion, rating]) => ({ criterion, rating })),
        notes,
        ...(decision && { decision }),
      },
    });
    if (!res.error) {
      setSaved(true);
      onSaved();
    }
  }

  return (
    <section aria-labelledby="review-heading" className="review">
      <h2 id="review-heading">{t('manager.review.title')}</h2>
      <form onSubmit={(e) => void submit(e)} className="stack">
        {CRITERIA.map((c) => (
          <fieldset key={c} className="rating">
            <legend>{t(`manager.review.criteria.${c}`)}</legend>
            {[1, 2, 3, 4, 5].map((v) => (
              <label key={v} className="inline">
                <input
                  type="radio"
                  name={`rating-${c}`}
                  value={v}
                  checked={ratings[c] === v}
                  onChange={() => setRatings({ ...ratings, [c]: v })}
                />
                <span>{v}</span>
              </label>
            ))}
          </fieldset>
        ))}
        <label>
          <span>{t('manager.review.notes')}</span>
          <textarea value={notes} onChange={(e) => setNotes(e.target.value)} rows={4} maxLength={10000} />
        </label>
        <fieldset>
          <legend>{t('manager.review.decision')}</legend>
          {DECISIONS.map((d) => (
            <label key={d} className="inline">
              <input type="radio" name="decision" value={d} checked={decision === d} onChange={() => setDecision(d)} />
              <span>{t(`manager.decision.${d}`)}</span>
            </label>
          ))}
        </fieldset>
        {result.error && <ManagerError error={result.error} />}
        <p role="status" aria-live="polite">
          {saved ? t('manager.review.saved') : ''}
        </p>
        <button type="submit" disabled={result.fetching}>
          {t('manager.review.save')}
        </button>
      </form>
      <h3>{t('manager.review.others', { n: others.length })}</h3>
      {others.length === 0 ? (
        <p className="empty">{t('manager.review.noOthers')}</p>
      ) : (
        <ul className="scorecards">
          {others.map((c, i) => (
            <li key={i}>
              <strong>{c.reviewerEmail ?? t('manager.review.deletedReviewer')}</strong> ({date(c.updatedAt)}):{' '}
              {c.ratings
                .map((r) => `${t(`manager.review.criteria.${r.criterion}`, r.criterion)} ${r.rating}`)
                .join(', ')}
              {c.decision && ` — ${t(`manager.decision.${c.decision}`)}`}
              {c.notes && <p>{c.notes}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
